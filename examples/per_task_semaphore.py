import asyncio

# A realistic bug: the semaphore is created inside the task, so every task gets its own and nothing is
# limited. Async Patterns flags it; the "hoist the limiter" fix creates one semaphore and shares it.


async def resize(path):
    limit = asyncio.Semaphore(4)
    async with limit:
        await asyncio.sleep(0.2)  # Simulate the work
        return path


async def main():
    paths = [f"photo-{i}.jpg" for i in range(40)]
    resized = await asyncio.gather(*(resize(p) for p in paths))
    print(len(resized), "photos resized")


if __name__ == "__main__":
    asyncio.run(main())
