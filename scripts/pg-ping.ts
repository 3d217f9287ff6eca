import pg from 'pg';

// Exit 0 when the PostgreSQL server at argv[2] answers; the test runner uses it to decide the pass.
const client = new pg.Client({ connectionString: process.argv[2], connectionTimeoutMillis: 3000 });
try {
  await client.connect();
  await client.query('select 1');
  await client.end();
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
