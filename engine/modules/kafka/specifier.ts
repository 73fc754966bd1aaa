// The import specifier of xk6-kafka, apart from the module itself so the registry can name it
// without loading the Kafka client.
export const KAFKA_SPECIFIER = 'k6/x/kafka'
