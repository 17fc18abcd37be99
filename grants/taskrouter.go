package grants

import "github.com/twiliotoken/twiliotoken/validate"

// TaskRouter grants access to the TaskRouter SDK; its key in the token is
// "task_router". It needs no identity.
type TaskRouter struct {
	// WorkspaceSID is the workspace (WS…).
	WorkspaceSID string `json:"workspace_sid,omitempty"`
	// WorkerSID is the worker (WK…) the token acts as.
	WorkerSID string `json:"worker_sid,omitempty"`
	// Role is the TaskRouter role, such as "worker".
	Role string `json:"role,omitempty"`
}

// Key returns "task_router".
func (TaskRouter) Key() string { return "task_router" }

// AppendJSON appends the grant's JSON object.
func (t TaskRouter) AppendJSON(dst []byte) ([]byte, error) {
	dst = append(dst, '{')
	dst = appendOptional(dst, "workspace_sid", t.WorkspaceSID)
	dst = appendOptional(dst, "worker_sid", t.WorkerSID)
	dst = appendOptional(dst, "role", t.Role)
	return append(dst, '}'), nil
}

// MarshalJSON encodes the grant as it appears in a token.
func (t TaskRouter) MarshalJSON() ([]byte, error) { return t.AppendJSON(nil) }

// Validate reports fields that are not valid UTF-8.
func (t TaskRouter) Validate() error {
	return checkText(nil, "task_router", "workspace_sid", t.WorkspaceSID,
		"worker_sid", t.WorkerSID, "role", t.Role).Err()
}

// Warnings reports SIDs with an unexpected prefix.
func (t TaskRouter) Warnings() []validate.Finding {
	fs := sidWarning(nil, "task_router.workspace_sid", t.WorkspaceSID, "WS")
	return sidWarning(fs, "task_router.worker_sid", t.WorkerSID, "WK")
}
