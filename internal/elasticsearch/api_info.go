package elasticsearch

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/syncops/terraform-provider-syncops/internal/transport"
)

// ClusterInfo is what GET / says about the cluster.
type ClusterInfo struct {
	ClusterUUID string
	Version     string
	Flavor      string
	major       int
	minor       int
}

// AtLeast reports whether the cluster runs major.minor or later. Serverless projects always
// run the current code whatever version number GET / reports (8.11.0), so they have every
// connector feature this provider uses (reference §2, §10.4).
func (i *ClusterInfo) AtLeast(major, minor int) bool {
	if i.Serverless() {
		return true
	}
	return i.major > major || (i.major == major && i.minor >= minor)
}

// Serverless reports an Elastic Cloud Serverless project (build_flavor "serverless").
func (i *ClusterInfo) Serverless() bool { return i.Flavor == "serverless" }

// Info returns the cluster's version and uuid from GET /, asked once per provider process. It
// fails when the server does not say it is Elasticsearch (X-Elastic-Product), as the official
// clients do.
func (c *Client) Info(ctx context.Context) (*ClusterInfo, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.info != nil {
		return c.info, nil
	}
	var body struct {
		ClusterUUID string `json:"cluster_uuid"`
		Version     struct {
			Number      string `json:"number"`
			BuildFlavor string `json:"build_flavor"`
		} `json:"version"`
	}
	resp, err := c.do(ctx, &transport.Request{Method: http.MethodGet, Path: "/"}, &body)
	if err != nil {
		return nil, err
	}
	if resp.Header.Get("X-Elastic-Product") != "Elasticsearch" {
		return nil, fmt.Errorf("the server at %s is not Elasticsearch: its answer to GET / has no \"X-Elastic-Product: Elasticsearch\" header. Check `endpoints`", c.URL())
	}
	info := &ClusterInfo{ClusterUUID: body.ClusterUUID, Version: body.Version.Number, Flavor: body.Version.BuildFlavor}
	parts := strings.SplitN(body.Version.Number, ".", 3)
	if len(parts) >= 2 {
		info.major, _ = strconv.Atoi(parts[0])
		info.minor, _ = strconv.Atoi(strings.SplitN(parts[1], "-", 2)[0])
	}
	if info.major == 0 {
		return nil, fmt.Errorf("the server at %s reports an unreadable Elasticsearch version %.60q", c.URL(), body.Version.Number)
	}
	c.info = info
	return info, nil
}
