import { useMemo } from 'react';
import { Card, Typography } from 'antd';
import { marked } from 'marked';
import manual from '../manual/manual.zh.md?raw';
import office from '../manual/office.zh.md?raw';
import { permissionsMarkdown } from '../manual/permissions-table.js';

/** 帮助: the Chinese user manual (R-MN-1, Art 13), with the permissions table generated from @jir/rules. */
export function ManualPage() {
  // The manual is the project's own file, not user input, so rendering its HTML is safe.
  const html = useMemo(
    () => marked.parse(`${manual}\n\n${permissionsMarkdown()}\n\n${office}\n`, { async: false }),
    [],
  );
  return (
    <Card data-testid="manual">
      <Typography>
        <div className="manual" dangerouslySetInnerHTML={{ __html: html }} />
      </Typography>
    </Card>
  );
}
