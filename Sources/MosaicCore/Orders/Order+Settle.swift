extension Order {
    /// Checks a return against this order and what `previous` returns already took back,
    /// and decides the refund.
    ///
    /// - Full: every unit and all the money still left.
    /// - Items: units are taken from the order's lines with that SKU, first line first. The
    ///   refund is ``proratedRefund(for:)`` — the goods' share of the total, so discounts and
    ///   shipping are shared out proportionally — capped at the money still left (an earlier
    ///   goodwill refund by amount already gave part of it back). When this return takes back
    ///   the last remaining unit, the refund is simply all the money left, so rounding never
    ///   strands a cent.
    /// - Amount: at most the money still left.
    ///
    /// - Throws: ``OrderError`` `return_exceeds_order` (with the field that asks too much),
    ///   `unknown_sku`, `currency_mismatch`, `amount_overflow`.
    public func settle(_ request: OrderReturn, after previous: [SettledReturn] = []) throws(OrderError) -> SettledReturn {
        var moneyLeft = total.minorUnits
        var unitsLeft = items.map(\.quantity)
        for settled in previous {
            moneyLeft &-= settled.refund.minorUnits
            for line in settled.lines where unitsLeft.indices.contains(line.itemIndex) {
                unitsLeft[line.itemIndex] &-= line.quantity
            }
        }
        moneyLeft = Swift.max(0, moneyLeft)
        let left = Money(minorUnits: moneyLeft, currency: currency)
        let unitsRemaining = unitsLeft.contains { $0 > 0 }

        func settled(_ refund: Money, _ lines: [SettledReturn.ReturnedLine]) -> SettledReturn {
            SettledReturn(returnID: request.returnID, orderID: orderID, refund: refund, lines: lines, occurredAt: request.occurredAt)
        }

        switch request.scope {
        case .full:
            guard moneyLeft > 0 || unitsRemaining else {
                throw OrderError(code: .returnExceedsOrder, message: "everything on this order was already returned")
            }
            let lines = unitsLeft.enumerated().compactMap { index, units in
                units > 0 ? SettledReturn.ReturnedLine(itemIndex: index, quantity: units) : nil
            }
            return settled(left, lines)

        case .amount(let amount):
            guard amount.currency == currency else {
                throw OrderError(code: .currencyMismatch, message: "must be the order's currency", field: "amount")
            }
            guard amount.minorUnits <= moneyLeft else {
                throw OrderError(code: .returnExceedsOrder, message: "amount is more than is left to refund", field: "amount")
            }
            return settled(amount, [])

        case .items(let requested):
            var lines: [SettledReturn.ReturnedLine] = []
            for (position, line) in requested.enumerated() {
                let matching = items.indices.filter { items[$0].sku == line.sku }
                guard !matching.isEmpty else {
                    throw OrderError(code: .unknownSKU, message: "the order has no item with this sku", field: "items[\(position)].sku")
                }
                var wanted = line.quantity
                for index in matching where wanted > 0 && unitsLeft[index] > 0 {
                    let taken = Swift.min(wanted, unitsLeft[index])
                    unitsLeft[index] -= taken
                    wanted -= taken
                    lines.append(SettledReturn.ReturnedLine(itemIndex: index, quantity: taken))
                }
                guard wanted == 0 else {
                    throw OrderError(
                        code: .returnExceedsOrder, message: "more units than are left to return",
                        field: "items[\(position)].quantity")
                }
            }
            if !unitsLeft.contains(where: { $0 > 0 }) { return settled(left, lines) }
            let share: Money
            do {
                share = try proratedRefund(for: lines)
            } catch {
                throw OrderError(error, field: "items")
            }
            return settled(Money(minorUnits: Swift.min(share.minorUnits, moneyLeft), currency: currency), lines)
        }
    }

    /// The refund for taking back `lines`: their value at unit prices, scaled by
    /// total ÷ items subtotal (so a 10 % order discount is 10 % off the refund too), rounded
    /// half-to-even to the minor unit. Exact integer arithmetic in 128 bits; zero when the
    /// items are all free.
    ///
    /// - Throws: ``MoneyError`` `amount_overflow`; `invalid_amount` when `lines` name a line
    ///   that does not exist or more units than the line has.
    public func proratedRefund(for lines: [SettledReturn.ReturnedLine]) throws(MoneyError) -> Money {
        var returnedValue = Money.zero(currency)
        for line in lines {
            guard items.indices.contains(line.itemIndex), line.quantity >= 0, line.quantity <= items[line.itemIndex].quantity
            else { throw MoneyError.invalid("returned line does not match the order") }
            returnedValue = try returnedValue.adding(try items[line.itemIndex].unitPrice.multiplied(by: line.quantity))
        }
        let subtotal = try itemsSubtotal()
        guard subtotal.minorUnits > 0, returnedValue.minorUnits > 0 else { return .zero(currency) }
        guard returnedValue.minorUnits <= subtotal.minorUnits else { throw MoneyError.invalid("returned more than was bought") }
        // value ≤ subtotal, so value × total ÷ subtotal ≤ total: the quotient always fits.
        let product = returnedValue.minorUnits.magnitude.multipliedFullWidth(by: total.minorUnits.magnitude)
        let divisor = subtotal.minorUnits.magnitude
        let (quotient, remainder) = divisor.dividingFullWidth(product)
        var rounded = quotient
        // Half to even: compare 2 × remainder with the divisor without overflowing.
        if remainder > divisor - remainder || (remainder == divisor - remainder && quotient % 2 == 1) {
            rounded += 1
        }
        guard rounded <= UInt64(Int64.max) else { throw MoneyError.overflow }
        return Money(minorUnits: Int64(rounded), currency: currency)
    }
}
