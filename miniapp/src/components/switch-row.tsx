/** An on/off switch in a section row, its title beside it (the whole row toggles it). */
export function SwitchRow({
  title,
  checked,
  onChange,
}: {
  title: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  return (
    <label className="row switch-row">
      <span className="row-title">{title}</span>
      <input type="checkbox" className="switch" checked={checked} onChange={(e) => onChange(e.target.checked)} />
    </label>
  );
}
