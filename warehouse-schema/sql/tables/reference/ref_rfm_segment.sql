-- The RFM segment of every (R score, F score) pair, and the order segments are listed in.
CREATE TABLE ref_rfm_segment (
    r_score       SMALLINT     NOT NULL,
    f_score       SMALLINT     NOT NULL,
    segment       VARCHAR(40)  NOT NULL,
    segment_order SMALLINT     NOT NULL,
    PRIMARY KEY (r_score, f_score)
);
INSERT INTO ref_rfm_segment (r_score, f_score, segment, segment_order) VALUES
    (5, 5, 'Champions', 1),          (5, 4, 'Champions', 1),
    (4, 5, 'Loyal', 2),              (4, 4, 'Loyal', 2),
    (3, 5, 'Loyal', 2),              (3, 4, 'Loyal', 2),
    (5, 3, 'Potential Loyalist', 3), (5, 2, 'Potential Loyalist', 3),
    (4, 3, 'Potential Loyalist', 3), (4, 2, 'Potential Loyalist', 3),
    (5, 1, 'New', 4),
    (4, 1, 'Promising', 5),
    (3, 3, 'Need Attention', 6),
    (3, 2, 'About to Sleep', 7),     (3, 1, 'About to Sleep', 7),
    (2, 4, 'At Risk', 8),            (2, 3, 'At Risk', 8),
    (1, 4, 'At Risk', 8),            (1, 3, 'At Risk', 8),
    (2, 5, 'Can''t Lose Them', 9),   (1, 5, 'Can''t Lose Them', 9),
    (2, 2, 'Hibernating', 10),       (2, 1, 'Hibernating', 10),
    (1, 2, 'Hibernating', 10),       (1, 1, 'Hibernating', 10);
