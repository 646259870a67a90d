package follow

import (
	"bufio"
	"io"
	"strconv"
	"strings"
	"time"
)

// robots is what a site's robots.txt says to us (RFC 9309): the rules
// of the group naming our product token, else of the group for every
// crawler.
type robots struct {
	rules      []robotsRule
	crawlDelay time.Duration
	// disallowAll: robots.txt could not be read for a reason the site
	// gave (5xx): nothing is fetched until it can.
	disallowAll bool
}

type robotsRule struct {
	allow bool
	path  string
}

// parseRobots reads a robots.txt for the product token agent
// ("incidentmap").
func parseRobots(r io.Reader, agent string) *robots {
	agent = strings.ToLower(agent)
	type group struct {
		agents []string
		rules  []robotsRule
		delay  time.Duration
	}
	var groups []*group
	var cur *group
	inAgents := false
	sc := bufio.NewScanner(io.LimitReader(r, 500<<10))
	for sc.Scan() {
		line := sc.Text()
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		k, v = strings.ToLower(strings.TrimSpace(k)), strings.TrimSpace(v)
		switch k {
		case "user-agent":
			if !inAgents || cur == nil {
				cur = &group{}
				groups = append(groups, cur)
			}
			cur.agents = append(cur.agents, strings.ToLower(v))
			inAgents = true
		case "allow", "disallow":
			inAgents = false
			if cur != nil && (v != "" || k == "allow") {
				cur.rules = append(cur.rules, robotsRule{allow: k == "allow", path: v})
			}
		case "crawl-delay":
			inAgents = false
			if cur != nil {
				if f, err := strconv.ParseFloat(v, 64); err == nil && f > 0 {
					cur.delay = time.Duration(min(f, 60) * float64(time.Second))
				}
			}
		default:
			inAgents = false
		}
	}
	var mine, any *group
	for _, g := range groups {
		for _, a := range g.agents {
			switch {
			case a == "*":
				if any == nil {
					any = g
				}
			case strings.Contains(agent, a) || strings.Contains(a, agent):
				if mine == nil {
					mine = g
				}
			}
		}
	}
	if mine == nil {
		mine = any
	}
	if mine == nil {
		return &robots{}
	}
	return &robots{rules: mine.rules, crawlDelay: mine.delay}
}

// allowed reports whether path (with its query) may be fetched: the
// longest matching rule wins, allow on a tie.
func (r *robots) allowed(path string) bool {
	if r == nil {
		return true
	}
	if r.disallowAll {
		return false
	}
	best, allow := -1, true
	for _, rule := range r.rules {
		if n, ok := robotsMatch(rule.path, path); ok && (n > best || n == best && rule.allow) {
			best, allow = n, rule.allow
		}
	}
	return allow
}

// robotsMatch matches a rule's pattern (with * and a final $) against
// path, returning the pattern's length.
func robotsMatch(pattern, path string) (int, bool) {
	anchored := strings.HasSuffix(pattern, "$")
	p := strings.TrimSuffix(pattern, "$")
	parts := strings.Split(p, "*")
	rest := path
	for i, part := range parts {
		if i == 0 {
			if !strings.HasPrefix(rest, part) {
				return 0, false
			}
			rest = rest[len(part):]
			continue
		}
		j := strings.Index(rest, part)
		if j < 0 {
			return 0, false
		}
		rest = rest[j+len(part):]
	}
	if anchored && rest != "" && !strings.HasSuffix(p, "*") {
		return 0, false
	}
	return len(pattern), true
}
