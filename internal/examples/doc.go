// Package examples tests what users copy from examples/: the drift-detection job of examples/ci
// (drift.sh and syncops-drift) and the modules of examples/modules (their `terraform test` files),
// with the real terraform CLI against in-process emulators.
package examples
