// The paths of the numbers JSON cannot hold (NaN, Infinity, -Infinity) in a value, walked as
// JSON.stringify walks it (toJSON applied, own enumerable keys, undefined and functions
// skipped), written as the core writes record paths (`incentive.value`, `[3].nps`; '' for
// the value itself), each ending in a NUL: one string crosses into wasm. JSON.stringify
// turns each into `null`, an absent value: the engine reports them instead. Called only on a
// value JSON.stringify has written (no cycles).
export function nonFinitePaths(value) {
  let found = '';
  const keys = []; // the path to the value being walked, written out only for a finding
  const pathOf = () => {
    let p = '';
    for (const k of keys) {
      p += typeof k === 'number' ? `[${k}]` : p === '' ? k : `.${k}`;
    }
    return p;
  };
  const walk = (v, key) => {
    if (v !== null && typeof v === 'object' && typeof v.toJSON === 'function') {
      v = v.toJSON(String(key));
    }
    if (typeof v === 'number' || v instanceof Number) {
      if (!Number.isFinite(Number(v))) found += `${pathOf()}\0`;
    } else if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        keys.push(i);
        walk(v[i], i);
        keys.pop();
      }
    } else if (v !== null && typeof v === 'object' && !(v instanceof String) && !(v instanceof Boolean)) {
      for (const k of Object.keys(v)) {
        keys.push(k);
        walk(v[k], k);
        keys.pop();
      }
    }
  };
  walk(value, '');
  return found;
}
