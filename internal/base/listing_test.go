package base

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestListing(t *testing.T) {
	ctx := context.Background()
	var lists atomic.Int32
	newListing := func(err error) *Listing[string, int] {
		return &Listing[string, int]{List: func(context.Context) (map[string]int, error) {
			lists.Add(1)
			time.Sleep(20 * time.Millisecond) // others arrive while it loads
			return map[string]int{"a": 1, "b": 2}, err
		}}
	}

	t.Run("first read alone, then one listing for many reads", func(t *testing.T) {
		lists.Store(0)
		l := newListing(nil)
		if _, ok := l.Get(ctx, "a"); ok {
			t.Fatal("the first read was answered: a plan of one resource would pay for a listing")
		}
		var wg sync.WaitGroup
		var answered atomic.Int32
		for range 50 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if v, ok := l.Get(ctx, "b"); ok && v == 2 {
					answered.Add(1)
				}
			}()
		}
		wg.Wait()
		if lists.Load() != 1 || answered.Load() != 50 {
			t.Fatalf("%d listings, %d of 50 reads answered; want 1 listing answering all", lists.Load(), answered.Load())
		}
		if _, ok := l.Get(ctx, "gone"); ok {
			t.Error("a listing answered for an object it lacks: only a read of its own may say gone")
		}
	})
	t.Run("own writes are never answered from a listing", func(t *testing.T) {
		l := newListing(nil)
		l.Get(ctx, "x")
		if _, ok := l.Get(ctx, "a"); !ok {
			t.Fatal("want a listing")
		}
		l.Wrote("a")
		if _, ok := l.Get(ctx, "a"); ok {
			t.Error("a read after this process's write was answered from the listing")
		}
		if _, ok := l.Get(ctx, "b"); !ok {
			t.Error("an object not written lost its answer")
		}
	})
	t.Run("a failed listing falls back to reads, once", func(t *testing.T) {
		lists.Store(0)
		l := newListing(errors.New("boom"))
		for range 5 {
			if _, ok := l.Get(ctx, "a"); ok {
				t.Fatal("answered from a failed listing")
			}
		}
		if lists.Load() != 1 {
			t.Errorf("%d listings after a failure, want 1", lists.Load())
		}
	})
	t.Run("an old listing is taken again", func(t *testing.T) {
		lists.Store(0)
		l := newListing(nil)
		now := time.Now()
		l.now = func() time.Time { return now }
		l.Get(ctx, "x")
		l.Get(ctx, "a")
		now = now.Add(3 * time.Minute)
		if _, ok := l.Get(ctx, "a"); !ok || lists.Load() != 2 {
			t.Errorf("ok=%v after %d listings; want a second listing after MaxAge", ok, lists.Load())
		}
	})
}
