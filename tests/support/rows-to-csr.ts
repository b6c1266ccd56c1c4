/** Small users x items matrices for the metrics tests, written as one list of item indices per user. */
import { csrFromTriples, type SizedCsr } from '../../src/metrics/matrix';

/** A users x items CSR with value 1 at each listed item; `rows[u]` lists user u's items. */
export function rowsToCsr(rows: number[][], items: number): SizedCsr {
  const users = rows.flatMap((row, user) => row.map(() => user));
  const columns = rows.flat();
  return csrFromTriples(
    rows.length,
    items,
    users,
    columns,
    columns.map(() => 1),
  );
}
