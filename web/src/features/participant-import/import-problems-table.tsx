import { Badge, Code, Table, Text, UnstyledButton } from '@mantine/core';
import { IconArrowDown, IconArrowUp } from '@tabler/icons-react';
import { useState } from 'react';
import type { ImportProblem } from './participant-import-api';

const fileLabel = { participants: 'Participants', visits: 'Visits' } as const;

/**
 * Every problem the check found, by file and row so they can be fixed top to bottom in the
 * spreadsheet; the Row header flips the order (a file-level problem, without a row, comes first).
 */
export function ImportProblemsTable({ problems }: { problems: ImportProblem[] }) {
  const [order, setOrder] = useState<'asc' | 'desc'>('asc');
  const sorted = [...problems].sort((a, b) => {
    const byRow = (a.row ?? 0) - (b.row ?? 0);
    return (order === 'asc' ? byRow : -byRow) || (a.file ?? '').localeCompare(b.file ?? '');
  });
  const Arrow = order === 'asc' ? IconArrowUp : IconArrowDown;
  return (
    <Table.ScrollContainer minWidth={640} maxHeight={480}>
      <Table striped verticalSpacing={6} stickyHeader aria-label="Problems in the files">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col" w={120}>
              File
            </Table.Th>
            <Table.Th scope="col" w={80} aria-sort={order === 'asc' ? 'ascending' : 'descending'}>
              <UnstyledButton
                onClick={() => setOrder(order === 'asc' ? 'desc' : 'asc')}
                fw={700}
                fz="sm"
                style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}
              >
                Row
                <Arrow size={14} aria-hidden />
              </UnstyledButton>
            </Table.Th>
            <Table.Th scope="col" w={180}>
              Column
            </Table.Th>
            <Table.Th scope="col">Problem</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {sorted.map((problem, index) => (
            // Problems have no id, and one cell can have several.
            // biome-ignore lint/suspicious/noArrayIndexKey: the list is replaced whole, never edited
            <Table.Tr key={index}>
              <Table.Td>
                {problem.file && (
                  <Badge variant="light" color={problem.file === 'participants' ? 'blue' : 'grape'} radius="sm" tt="none">
                    {fileLabel[problem.file]}
                  </Badge>
                )}
              </Table.Td>
              <Table.Td ff="monospace">{problem.row ?? '—'}</Table.Td>
              <Table.Td>{problem.column ? <Code>{problem.column}</Code> : '—'}</Table.Td>
              <Table.Td>
                <Text size="sm">{problem.problem}</Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
