package haven

import (
	"context"
	"errors"
	"fmt"

	"github.com/syncops/terraform-provider-syncops/internal/wait"
)

const resumeDestroy = "Run `terraform destroy` again: it resumes (waits for the stop, then deletes)."

// errRunning is a running connector whose stop_before_delete is false.
type errRunning struct{ name, status string }

func (e errRunning) Error() string {
	return fmt.Sprintf("Haven OnDemand connector %s is running (status %s) and stop_before_delete is false, so it was not stopped; Haven OnDemand refuses to delete a running connector.\n\n"+
		"Wait for the run to end, stop it yourself, or set stop_before_delete = true and run `terraform apply` before `terraform destroy`.", e.name, e.status)
}

// deleteConnector stops a running cloud connector when allowed, waits until it is stopped, then
// deletes it and waits for the job. "Not found" at any point is success.
func (r *ConnectorResource) deleteConnector(ctx context.Context, name, flavor string, stopBeforeDelete bool) error {
	if !IsOnsite(flavor) {
		st, err := r.Client.ConnectorStatus(ctx, name)
		if IsNotFound(err) {
			return nil
		}
		if err != nil {
			return err
		}
		if st.Status == "QUEUED" || st.Status == "PROCESSING" {
			if !stopBeforeDelete {
				return errRunning{name: name, status: st.Status}
			}
			jobID, err := r.Client.StartStopConnector(ctx, name)
			if err == nil {
				err = r.Client.WaitJob(ctx, jobID, "stop of Haven OnDemand connector "+name, resumeDestroy, nil)
			}
			var jf *JobFailedError
			switch {
			case IsNotFound(err):
				return nil
			case errors.As(err, &jf):
				// "Not running" (the run ended between the status read and the stop) is fine; any
				// other failure leaves the connector running, and waiting for a stop that was
				// refused would only end at the deadline.
				now, serr := r.Client.ConnectorStatus(ctx, name)
				switch {
				case IsNotFound(serr):
					return nil
				case serr != nil:
					return err
				case now.Status == "QUEUED" || now.Status == "PROCESSING":
					return fmt.Errorf("%w\n\nThe connector is still running (status %s): the stop was refused", err, now.Status)
				}
				st = now
			case err != nil:
				return err
			}
		}
		if IsRunning(st.Status) {
			gone := false
			_, err := wait.For(ctx, wait.Options{What: "Haven OnDemand connector " + name + " to stop", NextStep: resumeDestroy}, func(ctx context.Context) (wait.Status, error) {
				st, err := r.Client.ConnectorStatus(ctx, name)
				if IsNotFound(err) {
					gone = true
					return wait.Status{State: "deleted", Done: true}, nil
				}
				if err != nil {
					return wait.Status{}, err
				}
				if !stopBeforeDelete && (st.Status == "QUEUED" || st.Status == "PROCESSING") {
					return wait.Status{}, errRunning{name: name, status: st.Status}
				}
				return wait.Status{State: st.Status, Done: !IsRunning(st.Status)}, nil
			})
			if err != nil {
				return err
			}
			if gone {
				return nil
			}
		}
	}
	jobID, err := r.Client.StartDeleteConnector(ctx, name)
	if err == nil {
		err = r.Client.WaitJob(ctx, jobID, "deletion of Haven OnDemand connector "+name, "Run `terraform destroy` again: it resumes waiting and deletes what is left.", nil)
	}
	if IsNotFound(err) {
		return nil
	}
	return err
}
