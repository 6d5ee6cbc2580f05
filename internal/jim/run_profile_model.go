package jim

import (
	"fmt"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/types"
)

func (m *runProfileModel) ids() (int64, int64, error) {
	csID, err := parseID(m.ConnectedSystemID.ValueString())
	if err != nil {
		return 0, 0, err
	}
	id, err := strconv.ParseInt(m.ID.ValueString(), 10, 64)
	if err != nil {
		return 0, 0, fmt.Errorf("run profile id %q in state is not an integer", m.ID.ValueString())
	}
	return csID, id, nil
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
