import asyncio

# A realistic bug: one request per row of a query result. Ten rows in the test database, fifty thousand in
# production, all requested at once. Async Patterns flags the gather; the quick fix shares one semaphore.


async def fetch_invoice(session, order_id):
    async with session.get(f"https://billing.example.invalid/invoices/{order_id}") as response:
        return await response.json()


async def monthly_report(db, session):
    rows = await db.fetch("SELECT id FROM orders WHERE created_at > now() - interval '1 month'")
    invoices = await asyncio.gather(*[fetch_invoice(session, row["id"]) for row in rows])
    return sum(invoice["total"] for invoice in invoices)
