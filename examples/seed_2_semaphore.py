import asyncio

async def limited_fetch(sem, x):
    async with sem:
        print(f"Starting task {x}")
        await asyncio.sleep(1)  # Simulate I/O-bound work
        print(f"Finished task {x}")

async def main():
    semaphore = asyncio.Semaphore(2)  # Limit to 2 concurrent tasks
    tasks = [limited_fetch(semaphore, i) for i in range(5)]
    await asyncio.gather(*tasks)

asyncio.run(main())
