import asyncio

# Six jobs served by three workers: queue.join() waits until each job is marked task_done(), then the
# workers, blocked on an empty queue, are cancelled. Two rounds of 0.5 s: about 1.0 s in all.


async def worker(name, queue):
    while True:
        job = await queue.get()
        await asyncio.sleep(0.5)  # Simulate processing
        print(f"{name} finished job {job}")
        queue.task_done()


async def main():
    queue = asyncio.Queue()
    for job in range(6):
        queue.put_nowait(job)
    workers = [asyncio.create_task(worker(f"worker-{i}", queue)) for i in range(3)]
    await queue.join()
    for w in workers:
        w.cancel()
    await asyncio.gather(*workers, return_exceptions=True)


asyncio.run(main())
