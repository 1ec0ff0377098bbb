package domain

import (
	"fmt"
	"strings"
)

// Review decisions.
const (
	DecisionApprove = "approve"
	DecisionReturn  = "return"
)

// MaxReviewCommentLen bounds an organiser's review comment.
const MaxReviewCommentLen = 2000

// Review applies an organiser's decision: approve, or return to the
// ambassador with a comment saying what to change.
func (x *Activity) Review(decision, comment string) error {
	comment = strings.TrimSpace(comment)
	if len([]rune(comment)) > MaxReviewCommentLen {
		return broken("comment", fmt.Sprintf("must be at most %d characters", MaxReviewCommentLen))
	}
	switch decision {
	case DecisionApprove:
		x.ReviewStatus = ReviewApproved
	case DecisionReturn:
		if comment == "" {
			return broken("comment", "must say what to change when returning an activity")
		}
		x.ReviewStatus = ReviewReturned
	default:
		return broken("decision", "must be approve or return")
	}
	x.ReviewComment = comment
	return nil
}

// Resubmit puts an activity the ambassador changed back in the review
// queue: whatever an organiser decided was about the old version.
func (x *Activity) Resubmit() {
	x.ReviewStatus = ReviewPending
	x.ReviewComment = ""
}
