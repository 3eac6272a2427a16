// A realistic slowdown: each thumbnail waits for the previous one, though none depends on another. Put the
// cursor on the `for` and use Refactor > Run loop iterations concurrently; the visualizer shows the difference.

const sleep = (ms: number) => new Promise<void>(resolve => setTimeout(resolve, ms));

async function renderThumbnail(id: number): Promise<string> {
  await sleep(200); // Simulate the work
  return `thumb-${id}.png`;
}

export async function renderAll(): Promise<string[]> {
  const thumbnails: string[] = [];
  for (const id of [1, 2, 3, 4, 5]) {
    thumbnails.push(await renderThumbnail(id));
  }
  return thumbnails;
}
