-- The platform's own table in the HIS database (schema contactabilidad, created by his-connector's
-- migration, never by the HIS's). One row per his.commands command id, written in the same
-- transaction as the change the command made, so that a replayed command changes nothing.

CREATE TABLE comando_procesado (
    comando_id      varchar(100) PRIMARY KEY,
    tipo            varchar(40)  NOT NULL,
    resultado       varchar(20)  NOT NULL,
    motivo          varchar(1000),
    cita_id         varchar(40),
    lista_espera_id varchar(40),
    emitido_por     varchar(60)  NOT NULL,
    procesado_en    timestamptz  NOT NULL,
    CONSTRAINT comando_procesado_resultado_ck CHECK (resultado IN ('APPLIED', 'REFUSED'))
);

COMMENT ON TABLE comando_procesado IS 'HIS commands of the contactability platform, each decided once (applied or refused).';
COMMENT ON COLUMN comando_procesado.resultado IS 'APPLIED: the change was written (or the HIS already held it); REFUSED: the HIS state did not allow it.';
COMMENT ON COLUMN comando_procesado.motivo IS 'Why it was refused, for an operator; no patient data.';
