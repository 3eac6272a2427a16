// The seed's semaphore example in JavaScript: five tasks, at most two at once, by two workers sharing one
// iterator (about 3 s in all). Run it with `node seed_2_limit.mjs`.
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

async function limitedFetch(x) {
  console.log(`Starting task ${x}`);
  await sleep(1000); // Simulate I/O-bound work
  console.log(`Finished task ${x}`);
}

export async function main() {
  const items = [0, 1, 2, 3, 4].values();
  const worker = async () => {
    for (const x of items) await limitedFetch(x);
  };
  await Promise.all([worker(), worker()]); // Limit to 2 concurrent tasks
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
