package haven

import (
	"net/url"
	"testing"
	"time"
)

// The fail-next-run control makes the next run end ERROR, with the error and failed strings that
// connectorstatus and connectorhistory show; the run after it finishes again.
func TestFailNextRunEndsError(t *testing.T) {
	t.Parallel()
	te := start(t, Options{RunDuration: time.Second})
	clock := te.fakeClock()
	te.mustSync("createconnector", webConnector("site"))
	if s := te.control("/_emulator/haven/fail-next-run", `{"error": "robots.txt forbids crawling", "failed": "FETCH failed"}`); s != 204 {
		t.Fatalf("fail-next-run: %d", s)
	}
	token := te.mustSync("startconnector", url.Values{"connector": {"site"}})["token"]
	if st := te.mustSync("connectorstatus", url.Values{"connector": {"site"}}); st["status"] != StatusQueued && st["status"] != StatusProcessing {
		t.Fatalf("a failing run runs first: %v", st)
	}
	clock.advance(1200 * time.Millisecond)
	st := te.mustSync("connectorstatus", url.Values{"connector": {"site"}})
	if st["status"] != StatusError || st["token"] != token || st["error"] != "robots.txt forbids crawling" || st["failed"] != "FETCH failed" || st["process_end_time"] == nil {
		t.Fatalf("after the failed run: %v", st)
	}
	hist := te.mustSync("connectorhistory", url.Values{"connector": {"site"}, "tokens": {token.(string)}})["history"].([]any)
	if len(hist) != 1 || hist[0].(map[string]any)["status"] != StatusError || hist[0].(map[string]any)["error"] != "robots.txt forbids crawling" {
		t.Fatalf("history of the failed run: %v", hist)
	}

	te.mustSync("startconnector", url.Values{"connector": {"site"}})
	clock.advance(1200 * time.Millisecond)
	if st := te.mustSync("connectorstatus", url.Values{"connector": {"site"}}); st["status"] != StatusFinished || st["error"] != nil {
		t.Fatalf("the run after the failed one: %v", st)
	}
}
