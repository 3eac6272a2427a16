// The seed's timeout example in JavaScript. Promise.race gives up after 2 s, but unlike asyncio.wait_for it does
// not cancel the long task: it keeps running (and keeps the process alive) until it ends at 5 s.
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

async function longTask() {
  await sleep(5000); // Simulate a long-running task
  return 'Completed';
}

/** Rejects after `ms` unless `promise` settles first, and clears its timer either way. */
function withTimeout(promise, ms) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error('Task timed out!')), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export async function main() {
  try {
    console.log(await withTimeout(longTask(), 2000));
  } catch (error) {
    console.log(error.message);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
