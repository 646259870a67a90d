package gazetteer

import (
	"strings"

	"github.com/incidentmap/incidentmap/geo"
)

// KindOf maps a GeoNames feature class and code to a Kind. Population
// separates cities, towns and villages among populated places.
func KindOf(class, code string, population int64) geo.Kind {
	switch code {
	case "PCLI", "PCLD", "PCLF", "PCLS", "PCLIX", "PCL", "TERR":
		return geo.KindCountry
	case "ADM1", "ADM1H":
		return geo.KindAdmin1
	case "ADM2", "ADM2H", "ADM3", "ADM3H", "ADMD":
		return geo.KindAdmin2
	case "PPLX", "PPLQ":
		return geo.KindNeighborhood
	case "PPLC", "PPLA", "PPLG":
		return geo.KindCity
	case "RGN", "RGNE", "AREA", "DSRT", "PLN", "PLAT", "VAL", "OAS", "PRT", "ZN", "ZNB":
		return geo.KindRegion
	case "STM", "STMI", "CNL", "WAD", "STMX":
		return geo.KindRiver
	case "MT", "MTS", "HLL", "HLLS", "PK", "RDGE", "MESA", "CLF":
		return geo.KindMountain
	case "ISL", "ISLS", "ISLT":
		return geo.KindIsland
	case "BDG":
		return geo.KindBridge
	case "RD", "ST", "RDJCT", "TNL":
		return geo.KindRoad
	case "PSTB", "PSTC":
		return geo.KindCrossing
	case "LK", "RSV", "SEA", "GULF", "BAY", "STRT":
		return geo.KindOther
	}
	switch class {
	case "P":
		switch {
		case population >= 100000:
			return geo.KindCity
		case population >= 5000 || strings.HasPrefix(code, "PPLA"):
			return geo.KindTown
		default:
			return geo.KindVillage
		}
	case "A":
		return geo.KindAdmin2
	case "S":
		return geo.KindFacility
	case "L":
		if code == "OILF" || code == "GASF" || code == "MILB" || code == "CMP" || code == "RESV" {
			return geo.KindFacility
		}
		return geo.KindRegion
	case "H":
		return geo.KindOther
	case "T":
		return geo.KindMountain
	case "R":
		return geo.KindRoad
	}
	return geo.KindOther
}
