import asyncio

# A batch with a deadline (Python 3.11+): the fast pages finish, the block is cancelled at 1.5 s with the
# slow one still running, and the except clause reports it.


async def fetch_page(n):
    await asyncio.sleep(n * 0.5)  # Page n takes n/2 seconds
    return n


async def main():
    try:
        async with asyncio.timeout(1.5):
            async with asyncio.TaskGroup() as tg:
                for n in range(1, 5):
                    tg.create_task(fetch_page(n))
    except TimeoutError:
        print("deadline reached")


asyncio.run(main())
