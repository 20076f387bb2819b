package charter

import "reflect"

// valueOf returns the addressable value behind a pointer.
func valueOf(ptr any) reflect.Value { return reflect.ValueOf(ptr).Elem() }
