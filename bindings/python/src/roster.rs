//! `plaudit._plaudit.Roster`: a prepared roster kept between calls. Built once (validated,
//! ids unique, interned), it serves every `rank`, `assign_tiers` and `coverage` call; what
//! a rank computes for a date (lifecycle, gates, capacity intervals per kind) is kept for
//! the next request of the same date, so only the first request of a day pays for it.

use std::sync::Arc;

use pyo3::prelude::*;
use pyo3::types::PyList;

use crate::convert::{self, to_py};
use crate::engine::{detached, interruptible, read_opt, read_table, unknown_ids_arg};
use crate::errors::guard;

/// A prepared roster. Immutable (its kept state is internal and thread-safe), so one roster
/// can serve every thread.
#[pyclass(module = "plaudit._plaudit", name = "Roster", frozen)]
#[derive(Debug)]
pub struct PyRoster {
    pub(crate) roster: Arc<plaudit::Roster>,
}

#[pymethods]
impl PyRoster {
    /// Builds a roster from a list of advocate dicts: parsed, normalized and validated
    /// (every bad field reported with its path, `advocates[3].nps`), ids unique.
    #[new]
    fn new(py: Python<'_>, advocates: &Bound<'_, PyAny>) -> PyResult<Self> {
        let list: Vec<plaudit::Advocate> = guard(py, || convert::records(advocates, "advocates"))?;
        let roster = detached(py, || plaudit::Roster::new(list));
        let roster = guard(py, || roster.map_err(|e| e.at(advocates, "advocates")))?;
        Ok(PyRoster {
            roster: Arc::new(roster),
        })
    }

    /// Builds a roster from Arrow tables in the long format of `Engine.evaluate_table`.
    #[staticmethod]
    #[pyo3(signature = (advocates, activities = None, engagements = None, consents = None, disruptions = None, *, unknown_ids = "error"))]
    fn from_tables(
        py: Python<'_>,
        advocates: &Bound<'_, PyAny>,
        activities: Option<&Bound<'_, PyAny>>,
        engagements: Option<&Bound<'_, PyAny>>,
        consents: Option<&Bound<'_, PyAny>>,
        disruptions: Option<&Bound<'_, PyAny>>,
        unknown_ids: &str,
    ) -> PyResult<Self> {
        let (tables, opts) = guard(py, || {
            let ignore_unknown_ids = unknown_ids_arg(unknown_ids)?;
            let tables = plaudit_arrow::Tables {
                advocates: read_table(advocates, "advocates")?.0,
                activities: read_opt(activities, "activities")?,
                engagements: read_opt(engagements, "engagements")?,
                consents: read_opt(consents, "consents")?,
                disruptions: read_opt(disruptions, "disruptions")?,
            };
            let opts = plaudit_arrow::Options {
                as_of: chrono::NaiveDate::MIN,
                ignore_unknown_ids,
                threads: 0,
                shares: false,
            };
            Ok((tables, opts))
        })?;
        let roster = interruptible(py, move || plaudit_arrow::roster(&tables, &opts));
        let roster = guard(py, || roster)?;
        Ok(PyRoster {
            roster: Arc::new(roster),
        })
    }

    /// The number of advocates.
    fn __len__(&self) -> usize {
        self.roster.len()
    }

    /// Whether an advocate with this id is in the roster.
    fn __contains__(&self, id: &str) -> bool {
        self.roster.get(id).is_some()
    }

    /// The advocates' ids, in input order.
    fn ids<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        PyList::new(py, self.roster.advocates().iter().map(|a| a.id.as_str()))
    }

    /// One advocate's normalized record (a dict), or `None`.
    fn get<'py>(&self, py: Python<'py>, id: &str) -> PyResult<Bound<'py, PyAny>> {
        match self.roster.get(id) {
            Some(a) => to_py(py, a),
            None => Ok(py.None().into_bound(py)),
        }
    }

    /// Drops what the roster kept from earlier calls (it is rebuilt when next needed).
    fn clear_cache(&self) {
        self.roster.clear_cache();
    }

    fn __repr__(&self) -> String {
        format!("Roster({} advocates)", self.roster.len())
    }
}
