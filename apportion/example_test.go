package apportion_test

import (
	"fmt"

	"github.com/jirga/jirga/apportion"
)

// The Northern Ireland Executive of 1999: ten ministries by d'Hondt over
// the parties' Assembly seats.
func ExampleAllocate() {
	seats := []apportion.Party{{Name: "UUP", Votes: 28}, {Name: "SDLP", Votes: 24}, {Name: "DUP", Votes: 20}, {Name: "SF", Votes: 18}}
	r, err := apportion.Allocate(seats, apportion.Options{Method: apportion.DHondt, Seats: 10})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range r.Picks {
		fmt.Printf("%d %s %s\n", p.Rank, p.Party, p.QuotientText)
	}
	// Output:
	// 1 UUP 28
	// 2 SDLP 24
	// 3 DUP 20
	// 4 SF 18
	// 5 UUP 14
	// 6 SDLP 12
	// 7 DUP 10
	// 8 UUP 28/3
	// 9 SF 9
	// 10 SDLP 8
}
