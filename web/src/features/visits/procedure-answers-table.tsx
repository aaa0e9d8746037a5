import { ActionIcon, SegmentedControl, Table, Text, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { IconTrash } from '@tabler/icons-react';

export interface ProcedureRow {
  /** Fixed for a procedure the protocol defines; made from the name for one the site adds. */
  code: string;
  name: string;
  done: '' | 'done' | 'not_done';
  notDoneReason: string;
}

interface ProcedureAnswersTableProps<V extends { procedures: ProcedureRow[] }> {
  form: UseFormReturnType<V>;
  /** Ad-hoc visits: the site names each procedure and may remove it. */
  editableNames: boolean;
}

/** Each procedure of the visit, done or not, and why not (ICH E6(R3) 2.12: source records). */
export function ProcedureAnswersTable<V extends { procedures: ProcedureRow[] }>({ form, editableNames }: ProcedureAnswersTableProps<V>) {
  const rows = form.getValues().procedures;
  // Mantine's form paths are typed loosely for generic values; the rows are ProcedureRow.
  const errors = form.errors as Record<string, string | undefined>;
  const set = (path: string, value: unknown) => (form.setFieldValue as (path: string, value: unknown) => void)(path, value);
  const inputProps = (path: string) => (form.getInputProps as (path: string) => ReturnType<typeof form.getInputProps>)(path);
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table verticalSpacing="xs" aria-label="Procedures">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Procedure</Table.Th>
            <Table.Th scope="col" w={190}>
              Done?
            </Table.Th>
            <Table.Th scope="col">Reason if not done</Table.Th>
            {editableNames && <Table.Th scope="col" w={40} />}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((procedure, index) => {
            const rowError = errors[`procedures.${index}.done`] ?? errors[`procedures.${index}.code`];
            const label = procedure.name || `Procedure ${index + 1}`;
            return (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows of an ad-hoc visit have no code until named
              <Table.Tr key={index}>
                <Table.Td>
                  {editableNames ? (
                    <TextInput
                      size="xs"
                      aria-label={`Name of procedure ${index + 1}`}
                      maxLength={200}
                      {...inputProps(`procedures.${index}.name`)}
                    />
                  ) : (
                    <>
                      <Text size="sm">{procedure.name}</Text>
                      <Text size="xs" c="dimmed" ff="monospace">
                        {procedure.code}
                      </Text>
                    </>
                  )}
                </Table.Td>
                <Table.Td>
                  <SegmentedControl
                    size="xs"
                    aria-label={`${label} done`}
                    value={procedure.done}
                    onChange={(value) => set(`procedures.${index}.done`, value)}
                    data={[
                      { value: 'done', label: 'Done' },
                      { value: 'not_done', label: 'Not done' },
                    ]}
                    color={procedure.done === 'not_done' ? 'orange' : procedure.done === 'done' ? 'green' : undefined}
                  />
                  {rowError && (
                    <Text size="xs" c="red.7">
                      {rowError}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  {procedure.done === 'not_done' && (
                    <TextInput
                      size="xs"
                      aria-label={`Why ${label} was not done`}
                      required
                      {...inputProps(`procedures.${index}.notDoneReason`)}
                    />
                  )}
                </Table.Td>
                {editableNames && (
                  <Table.Td>
                    <ActionIcon
                      variant="subtle"
                      color="gray"
                      aria-label={`Remove ${label}`}
                      onClick={() => (form.removeListItem as (path: string, index: number) => void)('procedures', index)}
                    >
                      <IconTrash size={16} aria-hidden />
                    </ActionIcon>
                  </Table.Td>
                )}
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
