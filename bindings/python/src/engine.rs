//! `plaudit._plaudit.Engine`: the core engine behind a frozen Python class. Methods take
//! Python objects, return the result's serde form (dicts); the `plaudit` package wraps them
//! in typed, immutable result objects.

use plaudit::{ErrorCode, Policy, PolicyError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};
use serde::Serialize;

use crate::convert::{self, date_arg, kind_arg, py_to_value, to_py, to_py_many};
use crate::errors::{Error, guard};

/// The rules engine: a validated policy and its fingerprint. Immutable, so one engine can
/// serve every thread.
#[pyclass(module = "plaudit._plaudit", name = "Engine", frozen)]
#[derive(Debug)]
pub struct PyEngine {
    pub(crate) engine: plaudit::Engine,
}

/// Reads a policy: `None` (the defaults), a mapping, or TOML / JSON text.
fn policy_from_py(policy: Option<&Bound<'_, PyAny>>) -> Result<plaudit::Engine, Error> {
    let Some(p) = policy.filter(|p| !p.is_none()) else {
        return Ok(plaudit::Engine::default());
    };
    // Text has no Python values to point at: its problems carry line and column instead.
    if p.is_instance_of::<PyString>() {
        return read_policy(p);
    }
    read_policy(p).map_err(|e| e.at(p, ""))
}

fn read_policy(p: &Bound<'_, PyAny>) -> Result<plaudit::Engine, Error> {
    let policy = if let Ok(s) = p.cast::<PyString>() {
        Policy::from_text(&s.to_cow()?)?
    } else if p.is_instance_of::<PyDict>() || p.cast::<pyo3::types::PyMapping>().is_ok() {
        let mut errors = Vec::new();
        let value = py_to_value(p, &mut String::new(), &mut errors);
        PolicyError::from_errors(errors)?;
        Policy::from_value(value)?
    } else {
        return Err(PolicyError {
            errors: vec![plaudit::FieldError::new(
                "",
                ErrorCode::InvalidType,
                format!(
                    "expected None, a dict or TOML/JSON text, got Python `{}`",
                    convert::de::type_name(p)
                ),
            )],
        }
        .into());
    };
    Ok(plaudit::Engine::new(policy)?)
}

/// Reads any Arrow-compatible table (an object with `__arrow_c_stream__`).
pub(crate) fn read_table(
    obj: &Bound<'_, PyAny>,
    name: &str,
) -> Result<(Vec<arrow_array::RecordBatch>, arrow_schema::SchemaRef), Error> {
    let t: pyo3_arrow::PyTable = obj.extract().map_err(|e: PyErr| {
        Error::record(
            name,
            ErrorCode::InvalidType,
            format!(
                "expected an Arrow table (pyarrow, polars, pandas...), got Python `{}`: {e}",
                convert::de::type_name(obj)
            ),
        )
        .at(obj, name)
    })?;
    Ok(t.into_inner())
}

pub(crate) fn read_opt(
    obj: Option<&Bound<'_, PyAny>>,
    name: &str,
) -> Result<Option<Vec<arrow_array::RecordBatch>>, Error> {
    match obj.filter(|o| !o.is_none()) {
        Some(o) => Ok(Some(read_table(o, name)?.0)),
        None => Ok(None),
    }
}

/// A prepared roster from a list of advocate dicts (paths `advocates[i].field`).
/// A roster argument: a `plaudit.Roster` (kept, with what it has computed for earlier
/// calls), or a list of advocate dicts (a roster built for this call).
fn roster_arg(advocates: &Bound<'_, PyAny>) -> Result<std::sync::Arc<plaudit::Roster>, Error> {
    if let Ok(r) = advocates.cast::<crate::roster::PyRoster>() {
        return Ok(r.get().roster.clone());
    }
    let list: Vec<plaudit::Advocate> = convert::records(advocates, "advocates")?;
    let roster =
        plaudit::Roster::new(list).map_err(|e| Error::from(e).at(advocates, "advocates"))?;
    Ok(std::sync::Arc::new(roster))
}

impl PyEngine {
    /// Runs one per-record operation and returns its serde form.
    fn op<'py, R: Serialize>(
        &self,
        py: Python<'py>,
        f: impl FnOnce(&plaudit::Engine) -> Result<R, Error>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let result = guard(py, || f(&self.engine))?;
        to_py(py, &result)
    }
}

#[pymethods]
impl PyEngine {
    #[new]
    #[pyo3(signature = (policy = None))]
    fn new(py: Python<'_>, policy: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        guard(py, || policy_from_py(policy)).map(|engine| PyEngine { engine })
    }

    /// The policy fingerprint every decision carries (`sha256:` + 16 hex digits).
    #[getter]
    fn fingerprint(&self) -> &str {
        self.engine.fingerprint()
    }

    /// The effective policy (every key, defaults included) as a dict.
    #[getter]
    fn policy<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, self.engine.policy())
    }

    /// Eligibility (docs/rules.md#eligibility-and-readiness) as a dict; `kind` applies the per-kind rules (no review gating).
    #[pyo3(signature = (advocate, as_of, kind = None))]
    fn eligibility<'py>(
        &self,
        py: Python<'py>,
        advocate: &Bound<'py, PyAny>,
        as_of: &Bound<'py, PyAny>,
        kind: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        self.op(py, |e| {
            let a = convert::record(advocate, "advocate")?;
            let as_of = date_arg(as_of, "as_of")?;
            Ok(match kind_arg(kind, "kind")? {
                Some(k) => e.eligibility_for(&a, as_of, k),
                None => e.eligibility(&a, as_of),
            })
        })
    }

    /// Lifecycle (docs/rules.md#lifecycle) as a dict.
    fn lifecycle<'py>(
        &self,
        py: Python<'py>,
        advocate: &Bound<'py, PyAny>,
        as_of: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        self.op(py, |e| {
            let a = convert::record(advocate, "advocate")?;
            let as_of = date_arg(as_of, "as_of")?;
            Ok(e.lifecycle(&a, as_of))
        })
    }

    /// Everything about one advocate (docs/rules.md#eligibility-and-readiness, #fatigue-and-tiers) as a dict.
    fn evaluate<'py>(
        &self,
        py: Python<'py>,
        advocate: &Bound<'py, PyAny>,
        as_of: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        self.op(py, |e| {
            let a = convert::record(advocate, "advocate")?;
            Ok(e.evaluate(&a, date_arg(as_of, "as_of")?))
        })
    }

    /// One ask (kind, date, incentive, topic) checked against one advocate, as a dict.
    fn check<'py>(
        &self,
        py: Python<'py>,
        advocate: &Bound<'py, PyAny>,
        ask: &Bound<'py, PyAny>,
        as_of: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        self.op(py, |e| {
            let a: plaudit::Advocate = convert::record(advocate, "advocate")?;
            let q: plaudit::check::Ask = convert::record(ask, "ask")?;
            Ok(e.check(&a, &q, date_arg(as_of, "as_of")?))
        })
    }

    /// The tier of one advocate, with demotion grace, as a dict.
    fn tier<'py>(
        &self,
        py: Python<'py>,
        advocate: &Bound<'py, PyAny>,
        as_of: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        self.op(py, |e| {
            let a = convert::record(advocate, "advocate")?;
            Ok(e.tier(&a, date_arg(as_of, "as_of")?))
        })
    }

    /// The request form's checks (docs/rules.md#request-validation) on a raw dict: `{ok, errors, warnings}`.
    fn validate_request<'py>(
        &self,
        py: Python<'py>,
        request: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        self.op(py, |e| {
            let mut path = String::new();
            let mut errors = Vec::new();
            let v = py_to_value(request, &mut path, &mut errors);
            // Numbers JSON cannot hold (NaN, infinities, integers beyond 64 bits) are the
            // form's problems at their fields, as `rank` reports them; values that are not
            // JSON-like data at all are an error of the call.
            let (unreadable, other): (Vec<_>, Vec<_>) = errors
                .into_iter()
                .partition(|e| e.code == ErrorCode::OutOfRange);
            plaudit::RecordError::from_errors(other).map_err(|e| Error::from(e).at(request, ""))?;
            Ok(e.validate_request_with(&v, &unreadable))
        })
    }

    /// Ranks a list of advocates for a request (docs/rules.md#matching-and-ranking): the
    /// ranking as a dict without its `excluded` list, and the exclusions, kept in Rust until
    /// read (most of a large roster). The GIL is released while ranking.
    fn rank<'py>(
        &self,
        py: Python<'py>,
        request: &Bound<'py, PyAny>,
        advocates: &Bound<'py, PyAny>,
        as_of: &Bound<'py, PyAny>,
    ) -> PyResult<(Bound<'py, PyAny>, crate::exclusions::PyExclusions)> {
        let (q, roster, as_of) = guard(py, || {
            let q: plaudit::Request = convert::record(request, "request")?;
            let roster = roster_arg(advocates)?;
            Ok((q, roster, date_arg(as_of, "as_of")?))
        })?;
        let mut r = py.detach(|| self.engine.rank(&q, &roster, as_of));
        let rows = std::mem::take(&mut r.excluded);
        let head = to_py(py, &r)?;
        head.del_item(pyo3::intern!(py, "excluded"))?;
        Ok((head, crate::exclusions::PyExclusions { rows }))
    }

    /// Tiers for a whole roster with the population shares (docs/rules.md#fatigue-and-tiers), as a dict.
    fn assign_tiers<'py>(
        &self,
        py: Python<'py>,
        advocates: &Bound<'py, PyAny>,
        as_of: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let (roster, as_of) = guard(py, || {
            Ok((roster_arg(advocates)?, date_arg(as_of, "as_of")?))
        })?;
        let r = py.detach(|| self.engine.assign_tiers(&roster, as_of));
        to_py_many(py, &r)
    }

    /// Coverage of targets, tier mix, concentration and enrollment (docs/rules.md#portfolio-views), as a dict.
    fn coverage<'py>(
        &self,
        py: Python<'py>,
        advocates: &Bound<'py, PyAny>,
        targets: &Bound<'py, PyAny>,
        as_of: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let (roster, targets, as_of) = guard(py, || {
            let t: Vec<plaudit::CoverageTarget> = convert::records(targets, "targets")?;
            Ok((roster_arg(advocates)?, t, date_arg(as_of, "as_of")?))
        })?;
        let r = py.detach(|| self.engine.coverage(&roster, &targets, as_of));
        to_py_many(py, &r)
    }

    /// One part's ranking (whole accounts) as JSON text (see `plaudit.Engine.rank_partial`).
    #[pyo3(signature = (request, advocates, as_of, exclusions = false))]
    fn rank_partial(
        &self,
        py: Python<'_>,
        request: &Bound<'_, PyAny>,
        advocates: &Bound<'_, PyAny>,
        as_of: &Bound<'_, PyAny>,
        exclusions: bool,
    ) -> PyResult<String> {
        let (q, roster, as_of) = guard(py, || {
            let q: plaudit::Request = convert::record(request, "request")?;
            let roster = roster_arg(advocates)?;
            Ok((q, roster, date_arg(as_of, "as_of")?))
        })?;
        let text = py.detach(|| {
            serde_json::to_string(&self.engine.rank_partial(&q, &roster, as_of, exclusions))
        });
        guard(py, || text.map_err(|e| internal(&e)))
    }

    /// The ranking of the whole from the parts' JSON texts, as a dict.
    fn merge_rankings<'py>(
        &self,
        py: Python<'py>,
        request: &Bound<'py, PyAny>,
        partials: Vec<String>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let r = guard(py, || {
            let q: plaudit::Request = convert::record(request, "request")?;
            let parts: Vec<plaudit::PartialRanking> = parse_parts(&partials, "partials")?;
            Ok(self.engine.merge_rankings(&q, &parts)?)
        })?;
        to_py_many(py, &r)
    }

    /// Each advocate's tier before the population shares, as JSON text (a list of rows).
    fn tier_rows(
        &self,
        py: Python<'_>,
        advocates: &Bound<'_, PyAny>,
        as_of: &Bound<'_, PyAny>,
    ) -> PyResult<String> {
        let (roster, as_of) = guard(py, || {
            Ok((roster_arg(advocates)?, date_arg(as_of, "as_of")?))
        })?;
        let text = py.detach(|| serde_json::to_string(&self.engine.tier_rows(&roster, as_of)));
        guard(py, || text.map_err(|e| internal(&e)))
    }

    /// The population shares over the parts' tier rows (JSON texts), as a dict.
    fn assign_tier_rows<'py>(
        &self,
        py: Python<'py>,
        rows: Vec<String>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let r = guard(py, || {
            let parts: Vec<Vec<plaudit::TierRow>> = parse_parts(&rows, "rows")?;
            Ok(self
                .engine
                .assign_tier_rows(parts.into_iter().flatten().collect())?)
        })?;
        to_py_many(py, &r)
    }

    /// One part's coverage counts (whole accounts) as JSON text.
    fn coverage_partial(
        &self,
        py: Python<'_>,
        advocates: &Bound<'_, PyAny>,
        targets: &Bound<'_, PyAny>,
        as_of: &Bound<'_, PyAny>,
    ) -> PyResult<String> {
        let (roster, targets, as_of) = guard(py, || {
            let t: Vec<plaudit::CoverageTarget> = convert::records(targets, "targets")?;
            Ok((roster_arg(advocates)?, t, date_arg(as_of, "as_of")?))
        })?;
        let text = py.detach(|| {
            serde_json::to_string(&self.engine.coverage_partial(&roster, &targets, as_of))
        });
        guard(py, || text.map_err(|e| internal(&e)))
    }

    /// The whole roster's portfolio from the parts' JSON texts, as a dict.
    fn merge_coverage<'py>(
        &self,
        py: Python<'py>,
        targets: &Bound<'py, PyAny>,
        partials: Vec<String>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let r = guard(py, || {
            let t: Vec<plaudit::CoverageTarget> = convert::records(targets, "targets")?;
            let parts: Vec<plaudit::PartialPortfolio> = parse_parts(&partials, "partials")?;
            Ok(self.engine.merge_coverage(&t, &parts)?)
        })?;
        to_py_many(py, &r)
    }

    /// Program measurement over a list of opportunity dicts (see `plaudit.Engine.measure`):
    /// the result as a dict and its tables' maker. The GIL is released while measuring.
    #[pyo3(signature = (opportunities, roster = None, *, period, as_of))]
    fn measure<'py>(
        &self,
        py: Python<'py>,
        opportunities: &Bound<'py, PyAny>,
        roster: Option<&Bound<'py, PyAny>>,
        period: &Bound<'py, PyAny>,
        as_of: &Bound<'py, PyAny>,
    ) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyAny>)> {
        let (deals, roster, period, as_of) = guard(py, || {
            // Straight from the Python values (the core's parser only reports problems).
            let deals: Vec<plaudit::Opportunity> =
                convert::records(opportunities, "opportunities")?;
            let (roster, period, as_of) = measure_args(roster, period, as_of)?;
            Ok((deals, roster, period, as_of))
        })?;
        let engine = &self.engine;
        let m = detached(py, || {
            engine.measure(&deals, roster.as_deref(), period, as_of)
        });
        measured(py, guard(py, || m)?)
    }

    /// Program measurement over an opportunities table, its touches nested or in a long
    /// `touches` table (see `plaudit.Engine.measure`): the result as a dict and its tables'
    /// maker.
    #[pyo3(signature = (opportunities, roster = None, *, period, as_of, touches = None))]
    fn measure_table<'py>(
        &self,
        py: Python<'py>,
        opportunities: &Bound<'py, PyAny>,
        roster: Option<&Bound<'py, PyAny>>,
        period: &Bound<'py, PyAny>,
        as_of: &Bound<'py, PyAny>,
        touches: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyAny>)> {
        let (tables, roster, period, as_of) = guard(py, || {
            let tables = plaudit_arrow::OpportunityTables {
                opportunities: read_table(opportunities, "opportunities")?.0,
                touches: read_opt(touches, "touches")?,
            };
            let (roster, period, as_of) = measure_args(roster, period, as_of)?;
            Ok((tables, roster, period, as_of))
        })?;
        let engine = &self.engine;
        let m = detached(py, || {
            plaudit_arrow::opportunities::measure_compact(
                engine,
                &tables,
                roster.as_deref(),
                period,
                as_of,
            )
        });
        measured_compact(py, guard(py, || m)?)
    }

    /// Batch scoring from Arrow tables (see `plaudit.Engine.evaluate_table`).
    #[pyo3(signature = (advocates, activities = None, engagements = None, consents = None, disruptions = None, *, as_of, unknown_ids = "error", threads = None, shares = false))]
    #[allow(clippy::too_many_arguments)]
    fn evaluate_table<'py>(
        &self,
        py: Python<'py>,
        advocates: &Bound<'py, PyAny>,
        activities: Option<&Bound<'py, PyAny>>,
        engagements: Option<&Bound<'py, PyAny>>,
        consents: Option<&Bound<'py, PyAny>>,
        disruptions: Option<&Bound<'py, PyAny>>,
        as_of: &Bound<'py, PyAny>,
        unknown_ids: &str,
        threads: Option<usize>,
        shares: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let (tables, mut opts, id_type, schema) = guard(py, || {
            table_args(
                advocates,
                [activities, engagements, consents, disruptions],
                as_of,
                unknown_ids,
                threads,
            )
        })?;
        opts.shares = shares;
        let engine = &self.engine;
        let no_rows = tables.advocates.iter().all(|b| b.num_rows() == 0);
        let batches = if no_rows && schema.field_with_name("id").is_ok() {
            Ok(Vec::new())
        } else {
            // The batch work holds no Python object: let other Python threads run, and
            // Ctrl-C interrupt it.
            let engine = engine.clone();
            interruptible(py, move || plaudit_arrow::evaluate(&engine, &tables, &opts))
        };
        let batches = guard(py, || batches)?;
        let table = pyo3_arrow::PyTable::try_new(batches, plaudit_arrow::schema(&id_type, shares))?;
        table.into_pyarrow(py)
    }

    /// Ranks the advocates of Arrow tables for a request (see `plaudit.Engine.rank_table`).
    #[pyo3(signature = (request, advocates, activities = None, engagements = None, consents = None, disruptions = None, *, as_of, unknown_ids = "error"))]
    #[allow(clippy::too_many_arguments)]
    fn rank_table<'py>(
        &self,
        py: Python<'py>,
        request: &Bound<'py, PyAny>,
        advocates: &Bound<'py, PyAny>,
        activities: Option<&Bound<'py, PyAny>>,
        engagements: Option<&Bound<'py, PyAny>>,
        consents: Option<&Bound<'py, PyAny>>,
        disruptions: Option<&Bound<'py, PyAny>>,
        as_of: &Bound<'py, PyAny>,
        unknown_ids: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        let (q, tables, opts) = guard(py, || {
            let q: plaudit::Request = convert::record(request, "request")?;
            let (tables, opts, _, _) = table_args(
                advocates,
                [activities, engagements, consents, disruptions],
                as_of,
                unknown_ids,
                None,
            )?;
            Ok((q, tables, opts))
        })?;
        let engine = &self.engine;
        let engine = engine.clone();
        let batch = interruptible(py, move || plaudit_arrow::rank(&engine, &tables, &opts, &q));
        let batch = guard(py, || batch)?;
        let schema = batch.schema();
        let table = pyo3_arrow::PyTable::try_new(vec![batch], schema)?;
        table.into_pyarrow(py)
    }

    fn __repr__(&self) -> String {
        format!("Engine(fingerprint='{}')", self.engine.fingerprint())
    }
}

/// The roster, period and date of a measurement.
#[allow(clippy::type_complexity)]
fn measure_args(
    roster: Option<&Bound<'_, PyAny>>,
    period: &Bound<'_, PyAny>,
    as_of: &Bound<'_, PyAny>,
) -> Result<
    (
        Option<std::sync::Arc<plaudit::Roster>>,
        (chrono::NaiveDate, chrono::NaiveDate),
        chrono::NaiveDate,
    ),
    Error,
> {
    let roster = match roster.filter(|r| !r.is_none()) {
        Some(r) => Some(roster_arg(r)?),
        None => None,
    };
    let (from, to): (Bound<'_, PyAny>, Bound<'_, PyAny>) = period.extract().map_err(|_| {
        Error::record(
            "period",
            ErrorCode::InvalidType,
            format!(
                "expected a pair of dates (from, to), got Python `{}`",
                convert::de::type_name(period)
            ),
        )
        .at(period, "period")
    })?;
    let period = (date_arg(&from, "period.from")?, date_arg(&to, "period.to")?);
    Ok((roster, period, date_arg(as_of, "as_of")?))
}

/// A measurement for Python: its serde form without the per-advocate and per-opportunity
/// rows (empty lists where they go: hundreds of thousands of dicts are made only when
/// asked for, see `MeasurementTables.rows`) and the native measurement.
fn measured(
    py: Python<'_>,
    mut m: plaudit::Measurement,
) -> PyResult<(Bound<'_, PyAny>, Bound<'_, PyAny>)> {
    let per_advocate = std::mem::take(&mut m.per_advocate);
    let per_opportunity = std::mem::take(&mut m.per_opportunity);
    let dict = to_py_many(py, &m);
    m.per_advocate = per_advocate;
    m.per_opportunity = per_opportunity;
    let dict = dict?;
    let measurement = crate::measure::Native::Whole(Box::new(m));
    let tables = Bound::new(py, crate::measure::PyMeasurement { measurement })?.into_any();
    Ok((dict, tables))
}

/// [`measured`] of a compact measurement: its summary as a dict (the rows are made only
/// when asked for), the compact measurement kept.
fn measured_compact(
    py: Python<'_>,
    m: plaudit::CompactMeasurement,
) -> PyResult<(Bound<'_, PyAny>, Bound<'_, PyAny>)> {
    let dict = to_py_many(py, m.summary())?;
    let measurement = crate::measure::Native::Compact(Box::new(m));
    let tables = Bound::new(py, crate::measure::PyMeasurement { measurement })?.into_any();
    Ok((dict, tables))
}

/// The table arguments of the batch methods, read: the Arrow batches of each table, the
/// options, and the advocates' id type and schema.
#[allow(clippy::type_complexity)]
fn table_args(
    advocates: &Bound<'_, PyAny>,
    [activities, engagements, consents, disruptions]: [Option<&Bound<'_, PyAny>>; 4],
    as_of: &Bound<'_, PyAny>,
    unknown_ids: &str,
    threads: Option<usize>,
) -> Result<
    (
        plaudit_arrow::Tables,
        plaudit_arrow::Options,
        arrow_schema::DataType,
        arrow_schema::SchemaRef,
    ),
    Error,
> {
    let as_of = date_arg(as_of, "as_of")?;
    let ignore_unknown_ids = unknown_ids_arg(unknown_ids)?;
    let (advocates, schema) = read_table(advocates, "advocates")?;
    let id_type = schema
        .field_with_name("id")
        .map(|f| f.data_type().clone())
        .unwrap_or(arrow_schema::DataType::Utf8);
    let tables = plaudit_arrow::Tables {
        advocates,
        activities: read_opt(activities, "activities")?,
        engagements: read_opt(engagements, "engagements")?,
        consents: read_opt(consents, "consents")?,
        disruptions: read_opt(disruptions, "disruptions")?,
    };
    let opts = plaudit_arrow::Options {
        as_of,
        ignore_unknown_ids,
        threads: threads.unwrap_or(0),
        shares: false,
    };
    Ok((tables, opts, id_type, schema))
}

/// The `unknown_ids` argument: whether long rows of unknown advocates are skipped.
pub(crate) fn unknown_ids_arg(unknown_ids: &str) -> Result<bool, Error> {
    match unknown_ids {
        "error" => Ok(false),
        "ignore" => Ok(true),
        other => Err(Error::record(
            "unknown_ids",
            ErrorCode::InvalidValue,
            format!("`{other}` is not one of `error`, `ignore`"),
        )),
    }
}

/// Runs batch work without the GIL (it holds no Python object, so other Python threads
/// run meanwhile); a panic becomes an internal-error `RecordError`, never a crash.
pub(crate) fn detached<T: Send>(
    py: Python<'_>,
    work: impl FnOnce() -> Result<T, plaudit::RecordError> + Send,
) -> Result<T, Error> {
    py.detach(|| std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)))
        .map_err(|_| {
            Error::Record(plaudit::RecordError::single(
                "",
                ErrorCode::InvalidValue,
                "internal error in plaudit (please report it)",
            ))
        })
        .and_then(|r| r.map_err(Error::Record))
}

/// Runs long batch work (a whole table) on a thread of its own, the GIL released, and
/// checks for signals every 50 ms meanwhile: Ctrl-C raises `KeyboardInterrupt` at once, as
/// in any Python loop, instead of after the work. The abandoned work finishes unseen (it
/// touches no Python object; its result is dropped). A panic becomes an internal-error
/// `RecordError`, never a crash.
pub(crate) fn interruptible<T: Send + 'static>(
    py: Python<'_>,
    work: impl FnOnce() -> Result<T, plaudit::RecordError> + Send + 'static,
) -> Result<T, Error> {
    use std::sync::mpsc::{RecvTimeoutError, channel};
    let internal = || {
        Error::Record(plaudit::RecordError::single(
            "",
            ErrorCode::InvalidValue,
            "internal error in plaudit (please report it)",
        ))
    };
    let (tx, rx) = channel();
    std::thread::Builder::new()
        .name("plaudit-batch".to_owned())
        .spawn(move || {
            let _ = tx.send(std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)));
        })
        .map_err(|e| Error::Py(pyo3::exceptions::PyRuntimeError::new_err(e.to_string())))?;
    let mut rx = rx;
    loop {
        // The receiver goes into the GIL-free closure and back (it is `Send`, not `Sync`).
        let (got, back) = py.detach(move || {
            let got = rx.recv_timeout(std::time::Duration::from_millis(50));
            (got, rx)
        });
        rx = back;
        match got {
            Ok(Ok(r)) => return r.map_err(Error::Record),
            Ok(Err(_)) | Err(RecvTimeoutError::Disconnected) => return Err(internal()),
            Err(RecvTimeoutError::Timeout) => py.check_signals()?,
        }
    }
}

/// Parts as JSON texts, read; a text that is not a part is an error naming it
/// (`partials[2]`).
fn parse_parts<T: serde::de::DeserializeOwned>(
    texts: &[String],
    name: &str,
) -> Result<Vec<T>, Error> {
    let mut errors = Vec::new();
    let mut out = Vec::with_capacity(texts.len());
    for (i, t) in texts.iter().enumerate() {
        match serde_json::from_str(t) {
            Ok(p) => out.push(p),
            Err(e) if errors.len() < plaudit::MAX_REPORTED_ERRORS => {
                errors.push(plaudit::FieldError::new(
                    format!("{name}[{i}]"),
                    ErrorCode::InvalidValue,
                    format!("not a part made by this version of plaudit: {e}"),
                ))
            }
            Err(_) => {}
        }
    }
    plaudit::RecordError::from_errors(errors)?;
    Ok(out)
}

/// A failure that is plaudit's, not the caller's.
fn internal(e: &dyn std::fmt::Display) -> Error {
    Error::Record(plaudit::RecordError::single(
        "",
        ErrorCode::InvalidValue,
        format!("internal error in plaudit (please report it): {e}"),
    ))
}
