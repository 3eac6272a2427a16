interface User {
  id: string;
  name: string;
}

async function fetchUser(id: string): Promise<User> {
  const response = await fetch(`https://example.invalid/users/${id}`);
  return (await response.json()) as User;
}

export async function loadUsers(ids: string[]): Promise<User[]> {
  return Promise.all(ids.map(fetchUser));
}
