//! Lets `cargo test` binaries find libpython (maturin builds of the extension module do not
//! link libpython, so this adds nothing there).
fn main() {
    pyo3_build_config::add_libpython_rpath_link_args();
}
