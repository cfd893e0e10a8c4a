-- Sales channels orders arrive through. Key 0 is the unknown channel.
CREATE TABLE dim_channel (
    channel_key  INTEGER      NOT NULL PRIMARY KEY,
    channel_code VARCHAR(100) NOT NULL,   -- natural key
    channel_name VARCHAR(100) NOT NULL
);
