//go:build unix

package api_test

import (
	"syscall"
	"time"
)

// processCPU is the CPU time (user and system) the test process has used:
// what a request costs on the Go side, whatever else loads the machine.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
