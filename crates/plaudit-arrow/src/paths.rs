//! Problems in long tables at the path the record door gives them: a bad cell of row 17 of
//! the consents table, the second consent of advocate row 3, is `advocates[3].consents[1].on`
//! (the row is kept in the message: "consents row 17"). A row whose advocate is unknown (an
//! unknown or null `advocate_id`) keeps its table path (`consents[17].advocate_id`).
//!
//! Only the problems are located, after the grouping: one pass over the id column up to the
//! last bad row, so that a table with errors costs about what a valid one does.

use arrow_array::RecordBatch;
use foldhash::HashMap;
use plaudit::FieldError;

use crate::column::find;
use crate::ids::{AdvocateIds, IdCol, Target};
use crate::long::ADVOCATE_ID;

/// Rows resolved at a time.
const CHUNK: usize = 4_096;

/// The record path of a problem at `advocates[i].{table}[k]{tail}`: flat columns named as
/// the record's fields (`incentive_value` is `incentive.value`), an engagement is a date.
pub fn record_path(table: &str, i: usize, k: usize, tail: &str) -> String {
    let tail = if table == "engagements" {
        tail.strip_prefix(".date").unwrap_or(tail)
    } else {
        tail
    };
    let tail = match tail.strip_prefix(".incentive_") {
        Some(field) => format!(".incentive.{field}"),
        None => tail.to_owned(),
    };
    format!("advocates[{i}].{table}[{k}]{tail}")
}

/// The table row and the rest of a path `{table}[row]{tail}`.
pub(crate) fn table_row<'p>(path: &'p str, table: &str) -> Option<(usize, &'p str)> {
    let rest = path.strip_prefix(table)?.strip_prefix('[')?;
    let (num, tail) = rest.split_once(']')?;
    Some((num.parse().ok()?, tail))
}

/// Rewrites the problems of long table `table` (`batches`) that name a row of a known
/// advocate to their record path.
pub fn locate_long(
    errors: &mut [FieldError],
    table: &str,
    batches: &[RecordBatch],
    ids: &AdvocateIds<'_>,
) {
    // The rows to locate (the id cell's own problems stay where they are).
    let mut wanted: HashMap<usize, Option<(u32, u32)>> = HashMap::default();
    for e in errors.iter() {
        if let Some((row, tail)) = table_row(&e.path, table) {
            if !tail.starts_with(&format!(".{ADVOCATE_ID}")) && tail != ".id" {
                wanted.insert(row, None);
            }
        }
    }
    let Some(&last) = wanted.keys().max() else {
        return;
    };
    // Rows per advocate so far, for the advocates of wanted rows (two passes: first whose
    // rows are wanted, then their positions).
    let mut owners: HashMap<u32, u32> = HashMap::default();
    for pass in 0..2 {
        let mut base = 0usize;
        let mut adv: Vec<u32> = Vec::with_capacity(CHUNK);
        let mut ignored: Vec<FieldError> = Vec::new();
        for b in batches {
            if base > last {
                break;
            }
            let column = find(b.schema_ref(), ADVOCATE_ID).or_else(|| find(b.schema_ref(), "id"));
            let Some(idc) = column.and_then(|c| IdCol::new(b.column(c), table, ADVOCATE_ID).ok())
            else {
                base += b.num_rows();
                continue;
            };
            let at = Target {
                table,
                field: ADVOCATE_ID,
                shift: base,
                ignore_unknown: true,
            };
            let end = b.num_rows().min(last + 1 - base);
            let mut start = 0;
            while start < end {
                let stop = (start + CHUNK).min(end);
                adv.clear();
                ignored.clear();
                ids.resolve(&idc, start..stop, &at, &mut adv, &mut ignored);
                for (r, &a) in (start..stop).zip(&adv) {
                    if a == u32::MAX {
                        continue;
                    }
                    let row = base + r;
                    if pass == 0 {
                        if wanted.contains_key(&row) {
                            owners.insert(a, 0);
                        }
                    } else if let Some(seen) = owners.get_mut(&a) {
                        if let Some(w) = wanted.get_mut(&row) {
                            *w = Some((a, *seen));
                        }
                        *seen += 1;
                    }
                }
                start = stop;
            }
            base += b.num_rows();
        }
    }
    for e in errors.iter_mut() {
        let Some((row, tail)) = table_row(&e.path, table) else {
            continue;
        };
        if let Some(Some((a, k))) = wanted.get(&row) {
            let path = record_path(table, *a as usize, *k as usize, tail);
            e.message = format!("{} ({table} row {row})", e.message);
            e.path = path;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_paths_name_the_record_fields() {
        assert_eq!(
            record_path("consents", 3, 1, ".on"),
            "advocates[3].consents[1].on"
        );
        assert_eq!(
            record_path("engagements", 0, 2, ".date"),
            "advocates[0].engagements[2]"
        );
        assert_eq!(
            record_path("activities", 1, 0, ".incentive_value"),
            "advocates[1].activities[0].incentive.value"
        );
        assert_eq!(
            record_path("activities", 1, 0, ""),
            "advocates[1].activities[0]"
        );
    }

    #[test]
    fn table_rows_are_read_from_paths_of_that_table_only() {
        assert_eq!(table_row("consents[17].on", "consents"), Some((17, ".on")));
        assert_eq!(table_row("consents.on", "consents"), None);
        assert_eq!(table_row("activities[2].kind", "consents"), None);
        assert_eq!(table_row("consents[x].on", "consents"), None);
    }
}
