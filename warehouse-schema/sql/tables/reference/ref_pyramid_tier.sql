-- The tiers of the customer value pyramid, top down.
CREATE TABLE ref_pyramid_tier (
    tier       VARCHAR(20) NOT NULL PRIMARY KEY,
    tier_order SMALLINT    NOT NULL,
    is_active  {{boolean}} NOT NULL
);
INSERT INTO ref_pyramid_tier (tier, tier_order, is_active) VALUES
    ('Top', 1, {{true}}), ('Big', 2, {{true}}), ('Medium', 3, {{true}}), ('Small', 4, {{true}}),
    ('Inactive', 5, {{false}}), ('Prospect', 6, {{false}});
