// The seed's first example in TypeScript: three fetches run at once with Promise.all (about 1 s in all).
const sleep = (ms: number) => new Promise<void>(resolve => setTimeout(resolve, ms));

async function fetchData(x: number): Promise<string> {
  await sleep(1000); // Simulate I/O operation
  return `Data ${x}`;
}

async function main(): Promise<void> {
  const tasks = [0, 1, 2].map(i => fetchData(i));
  const results = await Promise.all(tasks);
  console.log(results);
}

void main();
