package haven

import (
	"context"
	"fmt"
	"net/url"
)

// StartConnector submits startconnector and waits for its job; it returns the run's token, which
// identifies the run in connectorstatus and connectorhistory. The job is not re-submitted after a
// lost answer: a second start could begin a second run.
func (c *Client) StartConnector(ctx context.Context, name string, ignorePreviousState bool, nextStep string) (string, error) {
	p := c.withToken(name, url.Values{"connector": {name}})
	if ignorePreviousState {
		p.Set("ignore_previous_state", "true")
	}
	jobID, err := c.SubmitJob(ctx, "startconnector", p)
	if err != nil {
		return "", err
	}
	var out struct {
		Connector string `json:"connector"`
		Token     string `json:"token"`
	}
	if err := c.WaitJob(ctx, jobID, "the start of "+PlatformName+" connector "+name, nextStep, &out); err != nil {
		return "", err
	}
	if out.Token == "" {
		return "", fmt.Errorf("%s job %s (startconnector) finished without a run token", PlatformName, jobID)
	}
	return out.Token, nil
}

// RunOf reads one run of a connector: connectorstatus while it is the connector's latest run,
// else its connectorhistory entry (a later run has begun since). Nil means Haven OnDemand knows no
// run with that token.
func (c *Client) RunOf(ctx context.Context, name, token string) (*Run, error) {
	st, err := c.ConnectorStatus(ctx, name)
	if err != nil {
		return nil, err
	}
	if st.Token == token {
		return &st.Run, nil
	}
	var out struct {
		History *[]Run `json:"history"`
	}
	if err := c.call(ctx, "connectorhistory", url.Values{"connector": {name}, "tokens": {token}}, &out); err != nil {
		return nil, err
	}
	if out.History == nil {
		return nil, fmt.Errorf("%s API: connectorhistory for %s: the answer has no history", PlatformName, name)
	}
	for _, r := range *out.History {
		if r.Token == token {
			return &r, nil
		}
	}
	return nil, nil
}
