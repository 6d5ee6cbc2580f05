package jim

import "strings"

// The diff engine of configuration change history, as JIM's ConfigurationDiffService computes it:
// scalars compared by value, collection items matched by item id, object members by key, a
// secret's change shown by its change type alone.

// diffSnapshots is ConfigurationDiffService.Diff: old may be nil (every node added).
func diffSnapshots(old *configurationSnapshot, next configurationSnapshot, oldVersion, newVersion *int) *configurationDiff {
	var oldRoot *snapshotNode
	if old != nil {
		oldRoot = old.Root
	}
	d := &configurationDiff{ObjectType: next.ObjectType, ObjectID: next.ObjectID, ObjectName: next.ObjectName,
		OldVersion: oldVersion, NewVersion: newVersion, Root: diffNodes(oldRoot, next.Root)}
	tally(d.Root, d)
	d.HasChanges = d.AddedCount > 0 || d.RemovedCount > 0 || d.ModifiedCount > 0
	return d
}

func diffNodes(old, next *snapshotNode) *diffNode {
	if old == nil {
		return subtree(next, changeAdded)
	}
	if next == nil {
		return subtree(old, changeRemoved)
	}
	n := &diffNode{Key: next.Key, Label: next.Label, NodeType: next.NodeType, IsSecret: next.IsSecret, ItemID: next.ItemID}
	if next.NodeType == nodeScalar {
		n.ChangeType = changeUnchanged
		if deref(old.Value) != deref(next.Value) || (old.Value == nil) != (next.Value == nil) {
			n.ChangeType = changeModified
		}
		if !next.IsSecret { // a secret's change shows by its change type alone
			n.OldValue, n.NewValue = old.Value, next.Value
			n.OldDisplayValue, n.NewDisplayValue = old.DisplayValue, next.DisplayValue
		}
		return n
	}
	n.Children = diffChildren(old, next)
	n.ChangeType = changeUnchanged
	for _, c := range n.Children {
		if c.ChangeType != changeUnchanged {
			n.ChangeType = changeModified
			break
		}
	}
	return n
}

// diffChildren matches collection items by item id and object members by key.
func diffChildren(old, next *snapshotNode) []*diffNode {
	out := []*diffNode{}
	if next.NodeType == nodeCollection {
		oldByID := map[int]*snapshotNode{}
		for _, c := range old.Children {
			if c.ItemID != nil {
				if _, dup := oldByID[*c.ItemID]; !dup {
					oldByID[*c.ItemID] = c
				}
			}
		}
		matched := map[int]bool{}
		for _, c := range next.Children {
			var match *snapshotNode
			if c.ItemID != nil {
				if m, ok := oldByID[*c.ItemID]; ok {
					match, matched[*c.ItemID] = m, true
				}
			}
			out = append(out, diffNodes(match, c))
		}
		for _, c := range old.Children {
			if c.ItemID == nil || !matched[*c.ItemID] {
				out = append(out, diffNodes(c, nil))
			}
		}
		return out
	}
	oldByKey := map[string]*snapshotNode{}
	for _, c := range old.Children {
		if _, dup := oldByKey[c.Key]; !dup {
			oldByKey[c.Key] = c
		}
	}
	newKeys := map[string]bool{}
	for _, c := range next.Children {
		newKeys[c.Key] = true
		out = append(out, diffNodes(oldByKey[c.Key], c))
	}
	for _, c := range old.Children {
		if !newKeys[c.Key] {
			out = append(out, diffNodes(c, nil))
		}
	}
	return out
}

func subtree(s *snapshotNode, change string) *diffNode {
	n := &diffNode{Key: s.Key, Label: s.Label, NodeType: s.NodeType, IsSecret: s.IsSecret, ItemID: s.ItemID, ChangeType: change}
	if s.NodeType == nodeScalar && !s.IsSecret {
		if change == changeAdded {
			n.NewValue, n.NewDisplayValue = s.Value, s.DisplayValue
		} else {
			n.OldValue, n.OldDisplayValue = s.Value, s.DisplayValue
		}
	}
	if len(s.Children) > 0 {
		for _, c := range s.Children {
			n.Children = append(n.Children, subtree(c, change))
		}
	}
	return n
}

// tally counts a collection item or scalar once when added or removed, and modified scalars.
func tally(n *diffNode, d *configurationDiff) {
	switch n.ChangeType {
	case changeAdded, changeRemoved:
		if n.ItemID != nil || n.NodeType == nodeScalar {
			if n.ChangeType == changeAdded {
				d.AddedCount++
			} else {
				d.RemovedCount++
			}
			return
		}
	case changeModified:
		if n.NodeType == nodeScalar {
			d.ModifiedCount++
		}
	}
	for _, c := range n.Children {
		tally(c, d)
	}
}

// summarise is ConfigurationDiffService.Summarise: the changed top-level sections.
func summarise(d *configurationDiff) string {
	switch d.Root.ChangeType {
	case changeAdded:
		return "Created"
	case changeRemoved:
		return "Deleted"
	}
	var sections []string
	for _, c := range d.Root.Children {
		if c.ChangeType != changeUnchanged {
			if c.Label != nil {
				sections = append(sections, *c.Label)
			} else {
				sections = append(sections, c.Key)
			}
		}
	}
	if len(sections) == 0 {
		return "No changes"
	}
	return strings.Join(sections, ", ")
}
