module github.com/incidentmap/incidentmap

go 1.26.8

require (
	github.com/paulmach/orb v0.14.0 // indirect
	github.com/paulmach/osm v0.8.0 // indirect
	go.mongodb.org/mongo-driver/v2 v2.5.0 // indirect
)
