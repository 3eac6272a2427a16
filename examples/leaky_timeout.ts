// A realistic bug: a timeout built from a bare Promise.race. The timer is never cleared, so every call leaves
// one behind (keeping Node alive for `ms`), and the slow request is not cancelled: it keeps running after the
// race is lost. Put the cursor on the `await` and use Refactor > Add a timeout for a version that clears its timer,
// or pass `signal: AbortSignal.timeout(ms)` to fetch.

function timeout(ms: number): Promise<never> {
  return new Promise((_, reject) => setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms));
}

export async function loadProfile(userId: string): Promise<unknown> {
  const response = (await Promise.race([fetch(`https://api.example.invalid/users/${userId}`), timeout(2000)])) as Response;
  return response.json();
}
