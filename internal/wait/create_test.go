package wait

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/syncops/terraform-provider-syncops/internal/transport"
)

// lost is an error of a create whose answer was lost after the request was written.
func lost() error {
	return &transport.NetworkError{Platform: "Test", Method: "POST", Path: "/things", Err: errors.New("connection reset"), MaybeProcessed: true}
}

func TestCreate(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	short := CreateOptions{What: "thing", Window: 400 * time.Millisecond}

	t.Run("answered: sent once, never looked for", func(t *testing.T) {
		t.Parallel()
		var looks atomic.Int32
		got, err := Create(ctx, short, func(context.Context) (string, error) { return "t-1", nil },
			func(context.Context) (string, bool, error) { looks.Add(1); return "", false, nil })
		if err != nil || got.Value != "t-1" || got.Adopted || got.Attempts != 1 || looks.Load() != 0 {
			t.Fatalf("got %+v, %v, %d looks; want t-1 sent once, not adopted, no look", got, err, looks.Load())
		}
	})
	t.Run("refused: the error as it is, never sent again", func(t *testing.T) {
		t.Parallel()
		refused := &transport.APIError{Platform: "Test", Status: 400, Message: "name taken"}
		sends := 0
		_, err := Create(ctx, short, func(context.Context) (string, error) { sends++; return "", refused },
			func(context.Context) (string, bool, error) {
				t.Error("looked for an object after a refusal")
				return "", false, nil
			})
		if !errors.Is(err, refused) || sends != 1 {
			t.Fatalf("err=%v sends=%d, want the 400 after one send", err, sends)
		}
	})
	t.Run("lost answer, object shows up: adopted, not sent again", func(t *testing.T) {
		t.Parallel()
		sends, looks := 0, 0
		got, err := Create(ctx, CreateOptions{What: "thing", Window: 5 * time.Second},
			func(context.Context) (string, error) { sends++; return "", lost() },
			func(context.Context) (string, bool, error) { looks++; return "t-7", looks == 3, nil })
		if err != nil || !got.Adopted || got.Value != "t-7" || sends != 1 || looks != 3 {
			t.Fatalf("got %+v err=%v sends=%d looks=%d; want t-7 adopted on the third look after one send", got, err, sends, looks)
		}
	})
	t.Run("lost answer, nothing shows up: sent again", func(t *testing.T) {
		t.Parallel()
		sends := 0
		got, err := Create(ctx, short, func(context.Context) (string, error) {
			sends++
			if sends == 1 {
				return "", lost()
			}
			return "t-2", nil
		}, func(context.Context) (string, bool, error) { return "", false, nil })
		if err != nil || got.Value != "t-2" || got.Adopted || got.Attempts != 2 {
			t.Fatalf("got %+v err=%v; want t-2 made by the second send", got, err)
		}
	})
	t.Run("a 5xx to a create counts as maybe processed", func(t *testing.T) {
		t.Parallel()
		sends := 0
		got, err := Create(ctx, short, func(context.Context) (string, error) {
			sends++
			return "", &transport.APIError{Platform: "Test", Status: 502}
		}, func(context.Context) (string, bool, error) { return "t-3", sends == 1, nil })
		if err != nil || !got.Adopted || sends != 1 {
			t.Fatalf("got %+v err=%v sends=%d; want the object found after the 502 adopted", got, err, sends)
		}
	})
	t.Run("attempts are bounded", func(t *testing.T) {
		t.Parallel()
		sends := 0
		got, err := Create(ctx, CreateOptions{What: "thing", Window: 300 * time.Millisecond, Attempts: 2},
			func(context.Context) (string, error) { sends++; return "", lost() },
			func(context.Context) (string, bool, error) { return "", false, nil })
		if !transport.MaybeProcessed(err) || sends != 2 || got.Attempts != 2 {
			t.Fatalf("err=%v sends=%d attempts=%d; want the lost answer after 2 sends", err, sends, got.Attempts)
		}
	})
	t.Run("a failed look ends it with the create's error first", func(t *testing.T) {
		t.Parallel()
		ambiguous := errors.New("2 new things named x: import the right one")
		sends := 0
		_, err := Create(ctx, short, func(context.Context) (string, error) { sends++; return "", lost() },
			func(context.Context) (string, bool, error) { return "", false, ambiguous })
		if !transport.MaybeProcessed(err) || !errors.Is(err, ambiguous) || !strings.Contains(err.Error(), "2 new things named x") || sends != 1 {
			t.Fatalf("err=%v sends=%d; want the create's error (still maybe processed) with the look's after one send", err, sends)
		}
	})
	t.Run("no way to look: never sent again", func(t *testing.T) {
		t.Parallel()
		sends := 0
		_, err := Create[string](ctx, short, func(context.Context) (string, error) { sends++; return "", lost() }, nil)
		if !transport.MaybeProcessed(err) || sends != 1 {
			t.Fatalf("err=%v sends=%d; want the lost answer after one send", err, sends)
		}
	})
	t.Run("the operation's deadline during the watch: not sent again", func(t *testing.T) {
		t.Parallel()
		octx, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
		defer cancel()
		sends := 0
		_, err := Create(octx, CreateOptions{What: "thing", Window: 5 * time.Second},
			func(context.Context) (string, error) { sends++; return "", lost() },
			func(context.Context) (string, bool, error) { return "", false, nil })
		if !transport.MaybeProcessed(err) || sends != 1 {
			t.Fatalf("err=%v sends=%d; want the lost answer after one send", err, sends)
		}
	})
}
