-- 0025: the photo of the notice board as put up on site (REG 34: 在施工现场醒目位置设立维权信息告示牌),
-- one per project, the latest replacing the earlier; the image is a file in the file store.
CREATE TABLE notices_board_photo (
    project_id       TEXT PRIMARY KEY,
    file_id          TEXT NOT NULL,
    uploaded_by      TEXT NOT NULL,
    uploaded_by_name TEXT NOT NULL,
    uploaded_at      BIGINT NOT NULL
);
