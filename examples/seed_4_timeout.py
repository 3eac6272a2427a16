import asyncio

async def long_task():
    await asyncio.sleep(5)  # Simulate a long-running task
    return "Completed"

async def main():
    try:
        result = await asyncio.wait_for(long_task(), timeout=2)
        print(result)
    except asyncio.TimeoutError:
        print("Task timed out!")

asyncio.run(main())
