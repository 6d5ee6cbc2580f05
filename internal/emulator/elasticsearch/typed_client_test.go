package elasticsearch_test

import (
	"errors"
	"net/http"
	"net/url"
	"testing"

	"github.com/elastic/elastic-transport-go/v8/elastictransport"
	connectordelete "github.com/elastic/go-elasticsearch/v9/typedapi/connector/delete"
	"github.com/elastic/go-elasticsearch/v9/typedapi/connector/get"
	"github.com/elastic/go-elasticsearch/v9/typedapi/connector/list"
	"github.com/elastic/go-elasticsearch/v9/typedapi/connector/put"
	"github.com/elastic/go-elasticsearch/v9/typedapi/connector/secretget"
	"github.com/elastic/go-elasticsearch/v9/typedapi/connector/secretpost"
	"github.com/elastic/go-elasticsearch/v9/typedapi/connector/syncjobclaim"
	"github.com/elastic/go-elasticsearch/v9/typedapi/connector/syncjobdelete"
	"github.com/elastic/go-elasticsearch/v9/typedapi/connector/syncjoberror"
	"github.com/elastic/go-elasticsearch/v9/typedapi/connector/syncjobget"
	"github.com/elastic/go-elasticsearch/v9/typedapi/connector/syncjoblist"
	"github.com/elastic/go-elasticsearch/v9/typedapi/connector/syncjobpost"
	"github.com/elastic/go-elasticsearch/v9/typedapi/connector/syncjobupdatestats"
	"github.com/elastic/go-elasticsearch/v9/typedapi/connector/updateactivefiltering"
	"github.com/elastic/go-elasticsearch/v9/typedapi/connector/updateconfiguration"
	"github.com/elastic/go-elasticsearch/v9/typedapi/connector/updatefiltering"
	"github.com/elastic/go-elasticsearch/v9/typedapi/connector/updatefilteringvalidation"
	"github.com/elastic/go-elasticsearch/v9/typedapi/connector/updatename"
	"github.com/elastic/go-elasticsearch/v9/typedapi/connector/updatepipeline"
	"github.com/elastic/go-elasticsearch/v9/typedapi/connector/updatescheduling"
	"github.com/elastic/go-elasticsearch/v9/typedapi/core/info"
)

// typedClient is the part of Elastic's typed Go client (go-elasticsearch v9) that these tests drive
// the emulator with: the same endpoint packages, request and response types, built on Elastic's
// transport. It is assembled from the endpoint packages alone because the whole client
// (elasticsearch.TypedClient) imports every endpoint of every namespace, some 500 packages, whose
// compilation was 2.5 of the 3.5 minutes a cold `make test` spent compiling.
type typedClient struct {
	Info      info.NewInfo
	Connector typedConnector
}

// typedConnector mirrors the client's Connector namespace, endpoint by endpoint.
type typedConnector struct {
	Delete                    connectordelete.NewDelete
	Get                       get.NewGet
	List                      list.NewList
	Put                       put.NewPut
	SecretGet                 secretget.NewSecretGet
	SecretPost                secretpost.NewSecretPost
	SyncJobClaim              syncjobclaim.NewSyncJobClaim
	SyncJobDelete             syncjobdelete.NewSyncJobDelete
	SyncJobError              syncjoberror.NewSyncJobError
	SyncJobGet                syncjobget.NewSyncJobGet
	SyncJobList               syncjoblist.NewSyncJobList
	SyncJobPost               syncjobpost.NewSyncJobPost
	SyncJobUpdateStats        syncjobupdatestats.NewSyncJobUpdateStats
	UpdateActiveFiltering     updateactivefiltering.NewUpdateActiveFiltering
	UpdateConfiguration       updateconfiguration.NewUpdateConfiguration
	UpdateFiltering           updatefiltering.NewUpdateFiltering
	UpdateFilteringValidation updatefilteringvalidation.NewUpdateFilteringValidation
	UpdateName                updatename.NewUpdateName
	UpdatePipeline            updatepipeline.NewUpdatePipeline
	UpdateScheduling          updatescheduling.NewUpdateScheduling
}

// newTypedClient is a client of the emulator at addr; auth gives the credentials.
func newTypedClient(t *testing.T, addr string, auth elastictransport.Option) *typedClient {
	t.Helper()
	u, err := url.Parse(addr)
	if err != nil {
		t.Fatal(err)
	}
	base, err := elastictransport.NewClient(elastictransport.WithURLs(u), auth)
	if err != nil {
		t.Fatal(err)
	}
	tp := productChecked{base}
	return &typedClient{
		Info: info.NewInfoFunc(tp),
		Connector: typedConnector{
			Delete:                    connectordelete.NewDeleteFunc(tp),
			Get:                       get.NewGetFunc(tp),
			List:                      list.NewListFunc(tp),
			Put:                       put.NewPutFunc(tp),
			SecretGet:                 secretget.NewSecretGetFunc(tp),
			SecretPost:                secretpost.NewSecretPostFunc(tp),
			SyncJobClaim:              syncjobclaim.NewSyncJobClaimFunc(tp),
			SyncJobDelete:             syncjobdelete.NewSyncJobDeleteFunc(tp),
			SyncJobError:              syncjoberror.NewSyncJobErrorFunc(tp),
			SyncJobGet:                syncjobget.NewSyncJobGetFunc(tp),
			SyncJobList:               syncjoblist.NewSyncJobListFunc(tp),
			SyncJobPost:               syncjobpost.NewSyncJobPostFunc(tp),
			SyncJobUpdateStats:        syncjobupdatestats.NewSyncJobUpdateStatsFunc(tp),
			UpdateActiveFiltering:     updateactivefiltering.NewUpdateActiveFilteringFunc(tp),
			UpdateConfiguration:       updateconfiguration.NewUpdateConfigurationFunc(tp),
			UpdateFiltering:           updatefiltering.NewUpdateFilteringFunc(tp),
			UpdateFilteringValidation: updatefilteringvalidation.NewUpdateFilteringValidationFunc(tp),
			UpdateName:                updatename.NewUpdateNameFunc(tp),
			UpdatePipeline:            updatepipeline.NewUpdatePipelineFunc(tp),
			UpdateScheduling:          updatescheduling.NewUpdateSchedulingFunc(tp),
		},
	}
}

// productChecked refuses a successful answer without X-Elastic-Product: Elasticsearch, as the
// official client does (it checks the first one; this checks every one).
type productChecked struct{ elastictransport.Interface }

func (p productChecked) Perform(req *http.Request) (*http.Response, error) {
	res, err := p.Interface.Perform(req)
	if err != nil || res.StatusCode < 200 || res.StatusCode > 299 {
		return res, err
	}
	if res.Header.Get("X-Elastic-Product") != "Elasticsearch" {
		_ = res.Body.Close()
		return nil, errors.New("the client noticed that the server is not Elasticsearch and we do not support this unknown product")
	}
	return res, nil
}
