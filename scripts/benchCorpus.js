// The generated files `npm run bench` measures (scripts/bench.js): realistic Python and TypeScript modules of any
// length, built from a cycle of units. Shared with scratch profiling scripts, so they profile the same text.
/**
 * Realistic modules: mostly ordinary code (data classes, parsing, formatting), with services that fan out among
 * them. Each cycle of units has three fan-out calls (one unbounded, one bounded by a shared limiter, one over a
 * literal list) in about 150 lines: far denser than real code, so the analysis cost is not flattered.
 */
const pythonUnits = [
  i => `
class OrderService${i}:
    """Loads orders and their lines from the database."""

    def __init__(self, db, cache):
        self.db = db
        self.cache = cache

    async def load(self, order_ids):
        # One query per order: flagged, the ids come from the caller.
        return await asyncio.gather(*[self.fetch(order_id) for order_id in order_ids])

    async def fetch(self, order_id):
        cached = self.cache.get(order_id)
        if cached is not None:
            return cached
        row = await self.db.fetch_one("SELECT * FROM orders WHERE id = $1", order_id)
        self.cache[order_id] = row
        return row
`,
  i => `
async def refresh_feeds_${i}(session, feeds, limit=8):
    semaphore = asyncio.Semaphore(limit)

    async def refresh(feed):
        async with semaphore:
            response = await session.get(feed.url, timeout=10)
            return feed.parse(await response.text())

    results = await asyncio.gather(*[refresh(feed) for feed in feeds], return_exceptions=True)
    failures = [r for r in results if isinstance(r, Exception)]
    if failures:
        logger.warning("%d feeds failed", len(failures))
    return [r for r in results if not isinstance(r, Exception)]
`,
  i => `
def summarize_${i}(rows, *, currency="EUR"):
    totals = {}
    for row in rows:
        key = (row["customer"], row.get("region", "unknown"))
        totals[key] = totals.get(key, 0) + row["amount"]
    lines = [f"{customer} ({region}): {amount:.2f} {currency}" for (customer, region), amount in totals.items()]
    return "\\n".join(sorted(lines))


async def warm_up_${i}():
    await asyncio.gather(ping("db"), ping("cache"), ping("search"))
`,
  i => `
@dataclass(frozen=True)
class Invoice${i}:
    number: str
    customer: str
    lines: tuple
    currency: str = "EUR"

    @property
    def total(self):
        return sum(line.quantity * line.unit_price for line in self.lines)

    def render(self, width=72):
        header = f"Invoice {self.number} for {self.customer}".ljust(width)
        body = "\\n".join(f"  {line.sku:<12} {line.quantity:>4} x {line.unit_price:>8.2f}" for line in self.lines)
        return f"{header}\\n{body}\\n  total: {self.total:.2f} {self.currency}"
`,
  i => `
def parse_line_${i}(raw, *, separator=","):
    """Parses one CSV line into a record, or returns None for comments and blank lines."""
    raw = raw.strip()
    if not raw or raw.startswith("#"):
        return None
    fields = [field.strip() for field in raw.split(separator)]
    if len(fields) < 3:
        raise ValueError(f"expected 3 fields, got {len(fields)}: {raw!r}")
    sku, quantity, price = fields[:3]
    try:
        return {"sku": sku, "quantity": int(quantity), "price": float(price)}
    except ValueError as error:
        raise ValueError(f"bad number in {raw!r}") from error
`,
  i => `
def group_by_customer_${i}(records):
    groups = {}
    for record in records:
        groups.setdefault(record["customer"], []).append(record)
    for customer, items in groups.items():
        items.sort(key=lambda item: (item["date"], item["sku"]))
        if len(items) > 100:
            logger.info("customer %s has %d records", customer, len(items))
    return {customer: items for customer, items in groups.items() if items}
`,
];

const typescriptUnits = [
  i => `
export class UserDirectory${i} {
  private readonly cache = new Map<string, User>();

  constructor(private readonly api: ApiClient) {}

  // One request per id: flagged, the ids come from the caller.
  async loadAll(ids: string[]): Promise<User[]> {
    return Promise.all(ids.map(id => this.load(id)));
  }

  async load(id: string): Promise<User> {
    const cached = this.cache.get(id);
    if (cached) return cached;
    const user = await this.api.get<User>(\`/users/\${id}\`);
    this.cache.set(id, user);
    return user;
  }
}
`,
  i => `
const limit${i} = pLimit(8);

export async function refreshFeeds${i}(feeds: Feed[]): Promise<Parsed[]> {
  const settled = await Promise.allSettled(feeds.map(feed => limit${i}(() => refresh(feed))));
  const failures = settled.filter(result => result.status === 'rejected');
  if (failures.length > 0) logger.warn(\`\${failures.length} feeds failed\`);
  return settled.flatMap(result => (result.status === 'fulfilled' ? [result.value] : []));
}
`,
  i => `
export function summarize${i}(rows: Row[], currency = 'EUR'): string {
  const totals = new Map<string, number>();
  for (const row of rows) {
    const key = \`\${row.customer} (\${row.region ?? 'unknown'})\`;
    totals.set(key, (totals.get(key) ?? 0) + row.amount);
  }
  return [...totals].map(([key, amount]) => \`\${key}: \${amount.toFixed(2)} \${currency}\`).sort().join('\\n');
}

export async function warmUp${i}(): Promise<void> {
  await Promise.all([ping('db'), ping('cache'), ping('search')]);
}
`,
  i => `
export interface Invoice${i} {
  number: string;
  customer: string;
  lines: ReadonlyArray<{ sku: string; quantity: number; unitPrice: number }>;
  currency?: string;
}

export function renderInvoice${i}(invoice: Invoice${i}, width = 72): string {
  const header = \`Invoice \${invoice.number} for \${invoice.customer}\`.padEnd(width);
  const body = invoice.lines.map(line => \`  \${line.sku.padEnd(12)} \${String(line.quantity).padStart(4)} x \${line.unitPrice.toFixed(2)}\`);
  const total = invoice.lines.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0);
  return [header, ...body, \`  total: \${total.toFixed(2)} \${invoice.currency ?? 'EUR'}\`].join('\\n');
}
`,
  i => `
/** Parses one CSV line into a record, or returns undefined for comments and blank lines. */
export function parseLine${i}(raw: string, separator = ','): Row | undefined {
  const line = raw.trim();
  if (!line || line.startsWith('#')) return undefined;
  const fields = line.split(separator).map(field => field.trim());
  if (fields.length < 3) throw new Error(\`expected 3 fields, got \${fields.length}: \${raw}\`);
  const [sku, quantity, price] = fields;
  const parsed = { sku, quantity: Number(quantity), price: Number(price) };
  if (Number.isNaN(parsed.quantity) || Number.isNaN(parsed.price)) throw new Error(\`bad number in \${raw}\`);
  return parsed;
}
`,
  i => `
export function groupByCustomer${i}(records: Row[]): Map<string, Row[]> {
  const groups = new Map<string, Row[]>();
  for (const record of records) {
    const items = groups.get(record.customer) ?? [];
    items.push(record);
    groups.set(record.customer, items);
  }
  for (const [customer, items] of groups) {
    items.sort((a, b) => a.date.localeCompare(b.date) || a.sku.localeCompare(b.sku));
    if (items.length > 100) logger.info(\`customer \${customer} has \${items.length} records\`);
  }
  return groups;
}
`,
];

/** A module of at least `lines` lines: `header`, then the units in turn, numbered so no two are the same text. */
function generate(units, header, lines) {
  const parts = [header];
  let count = header.split('\n').length;
  for (let i = 0; count < lines; i++) {
    const unit = units[i % units.length](i);
    parts.push(unit);
    count += unit.split('\n').length - 1;
  }
  return parts.join('');
}

const pythonHeader = 'import asyncio\nimport logging\nfrom dataclasses import dataclass\n\nlogger = logging.getLogger(__name__)\n';
const typescriptHeader = "import pLimit from 'p-limit';\n";

/** The languages measured: display name, grammar, language family, units and the module's first lines. */
const languages = [
  { language: 'Python', grammar: 'python', family: 'python', units: pythonUnits, header: pythonHeader },
  { language: 'TypeScript', grammar: 'typescript', family: 'javascript', units: typescriptUnits, header: typescriptHeader },
];

/**
 * `text` with text[start, end) replaced by `insert`, as the editor hands an edited document to an extension: one flat
 * string (VS Code's extension host joins the document's lines, MirrorTextModel.getText; the CLI reads a file). Built
 * with `+`, it would be a rope, and its first reader (tree-sitter's input callback) would pay for flattening it: 1.5 ms
 * at 10k lines, measured, a copy the editor never asks of us.
 */
function editedText(text, start, end, insert) {
  return [text.slice(0, start), insert, text.slice(end)].join('');
}

module.exports = { pythonUnits, typescriptUnits, generate, languages, editedText };
