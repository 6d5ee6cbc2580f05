package indexname

import "testing"

func TestValidate(t *testing.T) {
	for _, ok := range []string{"search-google-drive", "content-x", "a.b", "my_index-1"} {
		if err := Validate(ok); err != nil {
			t.Errorf("Validate(%q) = %v", ok, err)
		}
	}
	for _, bad := range []string{"", "Upper", "_x", "-x", "+x", ".", "..", "a b", "a#b", "a*b", "a,b", string(make([]byte, 256))} {
		if err := Validate(bad); err == nil {
			t.Errorf("Validate(%q) = nil, want an error", bad)
		}
	}
	if ValidateNative("search-x") == nil || ValidateNative("content-x") != nil {
		t.Error("ValidateNative: want the content- prefix enforced")
	}
}
