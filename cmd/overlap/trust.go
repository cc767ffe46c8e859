package main

import (
	"fmt"
	"net"
	"strings"
)

// envCIDRs reads a comma-separated list of networks: CIDRs, or single
// addresses meaning that host alone.
func envCIDRs(getenv func(string) string, key string, dst *[]*net.IPNet) error {
	v := getenv(key)
	if strings.TrimSpace(v) == "" {
		return nil
	}
	var out []*net.IPNet
	for _, s := range strings.Split(v, ",") {
		s = strings.TrimSpace(s)
		if !strings.Contains(s, "/") {
			if ip := net.ParseIP(s); ip != nil {
				bits := 128
				if ip.To4() != nil {
					ip, bits = ip.To4(), 32
				}
				out = append(out, &net.IPNet{IP: ip, Mask: net.CIDRMask(bits, bits)})
				continue
			}
		}
		_, n, err := net.ParseCIDR(s)
		if err != nil {
			return fmt.Errorf("%s: %q is not a CIDR such as 10.0.0.0/8 or an address", key, s)
		}
		out = append(out, n)
	}
	*dst = out
	return nil
}
