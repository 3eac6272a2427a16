// The seed's producer/consumer example in JavaScript. JavaScript has no asyncio.Queue; this one is an array of
// items plus an array of waiting consumers. The producer makes five items every 0.5 s, the consumer takes 1 s
// for each and stops at the `null` sentinel: about 5.5 s in all, as in Python.
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

class AsyncQueue {
  items = [];
  waiting = [];

  put(item) {
    const consumer = this.waiting.shift();
    if (consumer) consumer(item);
    else this.items.push(item);
  }

  get() {
    if (this.items.length > 0) return Promise.resolve(this.items.shift());
    return new Promise(resolve => this.waiting.push(resolve));
  }
}

async function producer(queue) {
  for (let i = 0; i < 5; i++) {
    await sleep(500); // Simulate producing an item
    queue.put(`item-${i}`);
    console.log(`Produced item-${i}`);
  }
  queue.put(null); // Signal the consumer to stop
}

async function consumer(queue) {
  for (;;) {
    const item = await queue.get();
    if (item === null) break;
    console.log(`Consumed ${item}`);
    await sleep(1000); // Simulate processing
  }
}

export async function main() {
  const queue = new AsyncQueue();
  await Promise.all([producer(queue), consumer(queue)]);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
