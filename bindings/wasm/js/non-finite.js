// The paths of the numbers JSON cannot hold (NaN, Infinity, -Infinity) in a value, as
// JSON.stringify walks it (toJSON applied, undefined and functions skipped), written as the
// core writes record paths (`incentive.value`, `[3].nps`; '' for the value itself).
// JSON.stringify turns each into `null`, an absent value: the engine reports them instead.
export function nonFinitePaths(value) {
  const found = [];
  // Each object or array being written, with its path (set just before it is walked).
  const paths = new WeakMap();
  JSON.stringify(value, function (key, v) {
    const base = paths.get(this);
    let path;
    if (base === undefined) {
      path = ''; // the root, held by JSON.stringify's wrapper object
    } else if (Array.isArray(this)) {
      path = `${base}[${key}]`;
    } else {
      path = base === '' ? key : `${base}.${key}`;
    }
    if (typeof v === 'number' && !Number.isFinite(v)) {
      found.push(path);
    } else if (v !== null && typeof v === 'object') {
      paths.set(v, path);
    }
    return v;
  });
  return found;
}
