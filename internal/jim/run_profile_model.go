package jim

import (
	"context"
	"fmt"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// ids are the connected system's and the run profile's ids in state; malformed ones are an error
// in diags.
func (m *runProfileModel) ids(diags *diag.Diagnostics) (csID, id int64, ok bool) {
	csID, err := parseID(m.ConnectedSystemID.ValueString())
	if err == nil {
		id, err = strconv.ParseInt(m.ID.ValueString(), 10, 64)
		if err != nil {
			err = fmt.Errorf("run profile id %q in state is not an integer", m.ID.ValueString())
		}
	}
	if err != nil {
		diags.AddError("Invalid JIM run profile in state", err.Error())
		return 0, 0, false
	}
	return csID, id, true
}

// applyRunProfile copies a listed run profile into m as Read does (the list resource too): JIM
// returns the partition's name only, resolved to an id when it changed (or on import), and not the
// connector, which comes from the connected system (read once per process, or known from a list).
func (c *Client) applyRunProfile(ctx context.Context, m *runProfileModel, rp *RunProfile) error {
	connector, err := c.ConnectorNameOfSystem(ctx, rp.ConnectedSystemID)
	if err != nil {
		return err
	}
	m.Connector = types.StringValue(connector)
	if rp.PartitionName != nil && (m.PartitionName.IsNull() || m.PartitionName.ValueString() != *rp.PartitionName) {
		if parts, err := c.Partitions(ctx, rp.ConnectedSystemID); err == nil {
			for _, p := range parts {
				if p.Name == *rp.PartitionName {
					m.PartitionID = types.Int64Value(p.ID)
				}
			}
		}
	}
	m.apply(rp)
	return nil
}

func (m *runProfileModel) apply(rp *RunProfile) {
	m.ID = types.StringValue(strconv.FormatInt(rp.ID, 10))
	m.ConnectedSystemID = types.StringValue(strconv.FormatInt(rp.ConnectedSystemID, 10))
	m.Name = types.StringValue(rp.Name)
	m.RunType = types.StringValue(rp.RunType)
	m.PageSize = types.Int64Value(rp.PageSize)
	m.PartitionName = types.StringPointerValue(rp.PartitionName)
	if rp.PartitionName == nil {
		m.PartitionID = types.Int64Null()
	}
	if rp.FilePath == nil || *rp.FilePath == "" {
		m.FilePath = types.StringNull()
	} else {
		m.FilePath = types.StringValue(*rp.FilePath)
	}
	m.VerifyImportContentHashes = types.BoolValue(rp.VerifyImportContentHashes)
}
