import asyncio

async def fetch_data(x):
    await asyncio.sleep(1)  # Simulate I/O operation
    return f"Data {x}"

async def main():
    tasks = [fetch_data(i) for i in range(3)]
    results = await asyncio.gather(*tasks)
    print(results)

asyncio.run(main())
