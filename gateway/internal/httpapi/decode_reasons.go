package httpapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// bodyFaults names each field of a JSON body that protojson refuses for
// message m, with what it must be: every field of the body is tried alone,
// so a field is named exactly when protojson refuses it; objects and lists
// are followed down to the value at fault (answers[1].questionId).
func bodyFaults(raw []byte, m protoreflect.Message) []InvalidParam {
	return objectFaults("", raw, m)
}

func objectFaults(prefix string, raw []byte, m protoreflect.Message) []InvalidParam {
	var obj map[string]json.RawMessage
	if json.Unmarshal(raw, &obj) != nil || obj == nil {
		return nil // not an object: the caller names it
	}
	md := m.Descriptor()
	var params []InvalidParam
	for _, key := range slices.Sorted(maps.Keys(obj)) {
		name := join(prefix, key)
		value := obj[key]
		fd := field(md, key)
		if fd == nil {
			params = append(params, InvalidParam{Name: name, Reason: "is not a field of this request"})
			continue
		}
		if accepts(m, key, value) {
			continue
		}
		params = append(params, valueFaults(name, fd, value, m)...)
	}
	return params
}

// valueFaults names what is wrong with the value of field fd (in message
// parent), which protojson refuses.
func valueFaults(name string, fd protoreflect.FieldDescriptor, value json.RawMessage, parent protoreflect.Message) []InvalidParam {
	switch {
	case fd.IsList() && isJSON(value, '['):
		var items []json.RawMessage
		if json.Unmarshal(value, &items) == nil {
			var params []InvalidParam
			for i, item := range items {
				list := append(append([]byte{'['}, item...), ']')
				if accepts(parent, string(fd.Name()), list) {
					continue
				}
				itemName := fmt.Sprintf("%s[%d]", name, i)
				if sub := nestedFaults(itemName, fd, item, func() protoreflect.Message {
					return parent.NewField(fd).List().NewElement().Message()
				}); sub != nil {
					params = append(params, sub...)
					continue
				}
				params = append(params, InvalidParam{Name: itemName, Reason: reason(fd)})
			}
			if len(params) > 0 {
				return params
			}
		}
	case !fd.IsList() && !fd.IsMap():
		if sub := nestedFaults(name, fd, value, func() protoreflect.Message {
			return parent.NewField(fd).Message()
		}); sub != nil {
			return sub
		}
	}
	return []InvalidParam{{Name: name, Reason: fieldReason(fd)}}
}

// nestedFaults follows an object into a message field of our own (not a
// well-known type, whose JSON is a string or a number); nil when value is
// not such an object or nothing in it is at fault.
func nestedFaults(name string, fd protoreflect.FieldDescriptor, value json.RawMessage, newMessage func() protoreflect.Message) []InvalidParam {
	if fd.Message() == nil || wellKnown(fd.Message()) || !isJSON(value, '{') {
		return nil
	}
	return objectFaults(name, value, newMessage())
}

// accepts tells whether protojson takes {"key": value} for m's type.
func accepts(m protoreflect.Message, key string, value json.RawMessage) bool {
	k, err := json.Marshal(key)
	if err != nil {
		return false
	}
	single := slices.Concat([]byte{'{'}, k, []byte{':'}, value, []byte{'}'})
	return protojson.Unmarshal(single, m.Type().New().Interface()) == nil
}

func isJSON(value json.RawMessage, first byte) bool {
	v := bytes.TrimSpace(value)
	return len(v) > 0 && v[0] == first
}

func join(prefix, name string) string {
	if prefix == "" {
		return name
	}
	return prefix + "." + name
}

func wellKnown(md protoreflect.MessageDescriptor) bool {
	return md.ParentFile().Package() == "google.protobuf"
}

// fieldReason says what a field's value must be, lists and maps included.
func fieldReason(fd protoreflect.FieldDescriptor) string {
	switch {
	case fd.IsList():
		return "must be a list (a JSON array) whose items each " + strings.TrimPrefix(reason(fd), "must ")
	case fd.IsMap():
		return "must be an object whose values each " + strings.TrimPrefix(reason(fd.MapValue()), "must ")
	}
	return reason(fd)
}

// queryReason says what a query parameter's value must be; a list takes
// the parameter repeated.
func queryReason(fd protoreflect.FieldDescriptor, values int) string {
	switch {
	case fd.IsList():
		return "each value " + reason(fd)
	case values > 1:
		return "may be given once"
	case fd.Message() != nil && !wellKnown(fd.Message()):
		return "is not a query parameter"
	}
	return reason(fd)
}

// reason says, in plain words with an example, what one value of fd must
// be.
func reason(fd protoreflect.FieldDescriptor) string {
	if md := fd.Message(); md != nil {
		switch md.FullName() {
		case "google.protobuf.Timestamp":
			return "must be a date-time in RFC 3339, e.g. 2026-03-01T09:00:00+01:00"
		case "google.protobuf.Duration":
			return `must be a duration in seconds, e.g. "90s"`
		case "google.protobuf.Struct":
			return "must be an object"
		}
		if wellKnown(md) {
			if v := md.Fields().ByName("value"); v != nil { // a wrapper such as Int32Value
				return reason(v)
			}
			return "is not valid here"
		}
		return "must be an object (in braces)"
	}
	switch fd.Kind() {
	case protoreflect.BoolKind:
		return "must be true or false (without quotes)"
	case protoreflect.Int32Kind, protoreflect.Sint32Kind, protoreflect.Sfixed32Kind:
		return "must be a whole number between -2147483648 and 2147483647, e.g. 20"
	case protoreflect.Uint32Kind, protoreflect.Fixed32Kind:
		return "must be a whole number between 0 and 4294967295, e.g. 20"
	case protoreflect.Int64Kind, protoreflect.Sint64Kind, protoreflect.Sfixed64Kind:
		return "must be a whole number, e.g. 20"
	case protoreflect.Uint64Kind, protoreflect.Fixed64Kind:
		return "must be a whole number of 0 or more, e.g. 20"
	case protoreflect.FloatKind, protoreflect.DoubleKind:
		return "must be a number, e.g. 2.5"
	case protoreflect.StringKind:
		return `must be text in double quotes, e.g. "Rotterdam"`
	case protoreflect.BytesKind:
		return "must be base64-encoded data in double quotes"
	case protoreflect.EnumKind:
		var names []string
		values := fd.Enum().Values()
		for i := range values.Len() {
			names = append(names, string(values.Get(i).Name()))
		}
		return "must be one of " + strings.Join(names, ", ")
	}
	return "is not valid here"
}

// goTypeReason says what a value decoded by encoding/json into a value of
// type t must be.
func goTypeReason(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Bool:
		return "must be true or false (without quotes)"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "must be a whole number, e.g. 20"
	case reflect.Float32, reflect.Float64:
		return "must be a number, e.g. 2.5"
	case reflect.String:
		return `must be text in double quotes, e.g. "Rotterdam"`
	case reflect.Slice, reflect.Array:
		return "must be a list (a JSON array)"
	case reflect.Map, reflect.Struct:
		return "must be an object (in braces)"
	}
	return "is not valid here"
}
